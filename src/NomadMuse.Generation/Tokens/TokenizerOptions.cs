namespace NomadMuse.Generation.Tokens;

/// <summary>Settings of a <see cref="MuseTokenizer"/>; each setter validates its value.</summary>
/// <remarks>The tokenizer copies the values when it is created, so changing an options object later does not affect it.</remarks>
public sealed class TokenizerOptions
{
    private int _gridStepsPerBeat = 4;
    private double _swingRatio = 0.5;
    private IReadOnlyDictionary<int, int> _drumKeyMap = GeneralMidiDrumMap.RolandTd11;
    private VelocityTokenMode _velocityTokens = VelocityTokenMode.OnChange;

    /// <summary>Quantisation grid in divisions of a beat: 1, 2, 4 (16th notes), 8 or 16 (64th notes).</summary>
    /// <value>The default is 4 (a 16th-note grid).</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not 1, 2, 4, 8 or 16.</exception>
    public int GridStepsPerBeat
    {
        get => _gridStepsPerBeat;
        set
        {
            if (value is not (1 or 2 or 4 or 8 or 16))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The grid must divide a beat into 1, 2, 4, 8 or 16 steps (64th notes at most).");
            }

            _gridStepsPerBeat = value;
        }
    }

    /// <summary>
    /// Eighth-note swing: where the off-beat eighth falls within the beat, 0.5 (straight) to 0.75 (dotted-eighth feel).
    /// Encoding straightens onsets with it before quantising; decoding swings the grid back by it.
    /// </summary>
    /// <value>The default is 0.5 (no swing). Triplet swing is 2/3. <see cref="MuseTokenizer.EstimateSwing"/> estimates it.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 0.5–0.75.</exception>
    public double SwingRatio
    {
        get => _swingRatio;
        set
        {
            if (!(value is >= 0.5 and <= 0.75))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The swing ratio must be 0.5 (straight) to 0.75.");
            }

            _swingRatio = value;
        }
    }

    /// <summary>When VELOCITY tokens are written.</summary>
    /// <value>The default is <see cref="VelocityTokenMode.OnChange"/>.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is not defined.</exception>
    public VelocityTokenMode VelocityTokens
    {
        get => _velocityTokens;
        set
        {
            if (!Enum.IsDefined(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown velocity token mode.");
            }

            _velocityTokens = value;
        }
    }

    /// <summary>Whether sustain, modulation and pitch-bend markers are encoded.</summary>
    /// <value>The default is true.</value>
    public bool IncludeControls { get; set; } = true;

    /// <summary>Replacements applied to drum keys before they are checked against General MIDI 35–81.</summary>
    /// <value>The default is <see cref="GeneralMidiDrumMap.RolandTd11"/>.</value>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public IReadOnlyDictionary<int, int> DrumKeyMap
    {
        get => _drumKeyMap;
        set => _drumKeyMap = value ?? throw new ArgumentNullException(nameof(value));
    }
}
