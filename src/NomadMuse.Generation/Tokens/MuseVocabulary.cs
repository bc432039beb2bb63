namespace NomadMuse.Generation.Tokens;

/// <summary>
/// The 258-token vocabulary (seed §3.2.5): id ranges, and conversions between ids and their values.
/// </summary>
/// <remarks>
/// Layout: SPECIAL 0–5, NOTE_ON 6–133, DURATION 134–165, VELOCITY 166–181, TIME_SHIFT 182–245, CONTROL 246–257.
/// Every member is a pure function and thread-safe; all but <see cref="Describe"/> are allocation-free and may be
/// called on a real-time thread (for example by a sampler that maps predicted ids to notes).
/// </remarks>
public static class MuseVocabulary
{
    /// <summary>Number of tokens.</summary>
    public const int Size = 258;

    /// <summary>Padding (id 0, so zeroed buffers are padding).</summary>
    public const int Pad = 0;

    /// <summary>Start of a sequence.</summary>
    public const int Start = 1;

    /// <summary>End of a sequence.</summary>
    public const int End = 2;

    /// <summary>A masked position (infilling, masked training).</summary>
    public const int Mask = 3;

    /// <summary>Separator between a prompt and its continuation or between infill segments.</summary>
    public const int Sep = 4;

    /// <summary>Unknown (a token the decoder skips).</summary>
    public const int Unk = 5;

    /// <summary>Number of special tokens.</summary>
    public const int SpecialCount = 6;

    /// <summary>First NOTE_ON id (MIDI key 0).</summary>
    public const int NoteOnFirst = 6;

    /// <summary>Number of NOTE_ON tokens.</summary>
    public const int NoteOnCount = 128;

    /// <summary>First DURATION id (bin 0, a 16th note).</summary>
    public const int DurationFirst = NoteOnFirst + NoteOnCount;

    /// <summary>Number of DURATION bins.</summary>
    public const int DurationCount = 32;

    /// <summary>First VELOCITY id (bin 0).</summary>
    public const int VelocityFirst = DurationFirst + DurationCount;

    /// <summary>Number of VELOCITY bins.</summary>
    public const int VelocityCount = 16;

    /// <summary>First TIME_SHIFT id (one 64th note).</summary>
    public const int TimeShiftFirst = VelocityFirst + VelocityCount;

    /// <summary>Number of TIME_SHIFT tokens (1..64 sixty-fourth notes).</summary>
    public const int TimeShiftCount = 64;

    /// <summary>First CONTROL id (<see cref="MuseControl.SustainOn"/>).</summary>
    public const int ControlFirst = TimeShiftFirst + TimeShiftCount;

    /// <summary>Number of CONTROL tokens.</summary>
    public const int ControlCount = 12;

    /// <summary>Time steps per beat (quarter note): the TIME_SHIFT unit is a 64th note.</summary>
    public const int StepsPerBeat = 16;

    /// <summary>The longest single TIME_SHIFT, in steps (4 beats).</summary>
    public const int MaxShiftSteps = TimeShiftCount;

    /// <summary>The kind of a token id.</summary>
    /// <param name="token">A token id.</param>
    /// <returns>Its range.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="token"/> is outside 0–257.</exception>
    public static MuseTokenKind KindOf(int token) => token switch
    {
        < 0 or >= Size => throw new ArgumentOutOfRangeException(nameof(token), token, "A token id must be 0–257."),
        < NoteOnFirst => MuseTokenKind.Special,
        < DurationFirst => MuseTokenKind.NoteOn,
        < VelocityFirst => MuseTokenKind.Duration,
        < TimeShiftFirst => MuseTokenKind.Velocity,
        < ControlFirst => MuseTokenKind.TimeShift,
        _ => MuseTokenKind.Control,
    };

    /// <summary>The NOTE_ON token of a MIDI key.</summary>
    /// <param name="pitch">0–127.</param>
    /// <returns>The token id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pitch"/> is outside 0–127.</exception>
    public static int NoteOn(int pitch) => NoteOnFirst + Check(pitch, NoteOnCount, nameof(pitch));

    /// <summary>The DURATION token of a bin.</summary>
    /// <param name="bin">0–31 (see <see cref="DurationBins"/>).</param>
    /// <returns>The token id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bin"/> is outside 0–31.</exception>
    public static int Duration(int bin) => DurationFirst + Check(bin, DurationCount, nameof(bin));

    /// <summary>The VELOCITY token of a bin.</summary>
    /// <param name="bin">0–15 (see <see cref="VelocityBin"/>).</param>
    /// <returns>The token id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bin"/> is outside 0–15.</exception>
    public static int Velocity(int bin) => VelocityFirst + Check(bin, VelocityCount, nameof(bin));

    /// <summary>The TIME_SHIFT token that advances time by a number of 64th notes.</summary>
    /// <param name="steps">1–64 sixty-fourth notes.</param>
    /// <returns>The token id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is outside 1–64.</exception>
    public static int TimeShift(int steps) => TimeShiftFirst + Check(steps - 1, TimeShiftCount, nameof(steps));

    /// <summary>The CONTROL token of a marker.</summary>
    /// <param name="control">The marker.</param>
    /// <returns>The token id.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="control"/> is not defined.</exception>
    public static int Control(MuseControl control) => ControlFirst + Check((int)control, ControlCount, nameof(control));

    /// <summary>The 64th-note steps a TIME_SHIFT token advances (1–64).</summary>
    /// <param name="token">A TIME_SHIFT token.</param>
    /// <returns>Steps of a 64th note.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="token"/> is not a TIME_SHIFT token.</exception>
    public static int TimeShiftSteps(int token) => CheckKind(token, TimeShiftFirst, TimeShiftCount) + 1;

    /// <summary>The velocity bin (0–15) of a MIDI velocity: <c>velocity / 8</c>.</summary>
    /// <param name="velocity">1–127 (0 is treated as 1).</param>
    /// <returns>The bin.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="velocity"/> is outside 0–127.</exception>
    public static int VelocityBin(int velocity) => Check(velocity, 128, nameof(velocity)) >> 3;

    /// <summary>The MIDI velocity a bin decodes to: its centre, <c>8·bin + 4</c> (4 … 124).</summary>
    /// <param name="bin">0–15.</param>
    /// <returns>A velocity 4–124.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bin"/> is outside 0–15.</exception>
    public static int VelocityOfBin(int bin) => (Check(bin, VelocityCount, nameof(bin)) * 8) + 4;

    /// <summary>A readable name such as <c>NOTE_ON(60)</c>, <c>TIME_SHIFT(4/64)</c> or <c>CONTROL(SustainOn)</c>.</summary>
    /// <param name="token">A token id.</param>
    /// <returns>The name.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="token"/> is outside 0–257.</exception>
    public static string Describe(int token) => KindOf(token) switch
    {
        MuseTokenKind.Special => token switch { Pad => "PAD", Start => "START", End => "END", Mask => "MASK", Sep => "SEP", _ => "UNK" },
        MuseTokenKind.NoteOn => $"NOTE_ON({token - NoteOnFirst})",
        MuseTokenKind.Duration => $"DURATION({DurationBins.BeatsOf(token - DurationFirst)} beats)",
        MuseTokenKind.Velocity => $"VELOCITY({token - VelocityFirst})",
        MuseTokenKind.TimeShift => $"TIME_SHIFT({TimeShiftSteps(token)}/64)",
        _ => $"CONTROL({(MuseControl)(token - ControlFirst)})",
    };

    private static int Check(int value, int count, string paramName)
    {
        if ((uint)value >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(paramName, value, $"Must be 0–{count - 1} for this token range.");
        }

        return value;
    }

    private static int CheckKind(int token, int first, int count)
    {
        if ((uint)(token - first) >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, $"Expected a token id {first}–{first + count - 1}.");
        }

        return token - first;
    }
}
