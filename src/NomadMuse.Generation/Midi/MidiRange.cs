namespace NomadMuse.Generation.Midi;

/// <summary>Range checks shared by the MIDI value types.</summary>
internal static class MidiRange
{
    /// <summary>Channel index of General MIDI percussion ("channel 10").</summary>
    public const int PercussionChannel = 9;

    public static void CheckSevenBit(int value, string paramName)
    {
        if (value is < 0 or > 127)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "A MIDI data value must be 0–127.");
        }
    }

    public static void CheckChannel(int channel, string paramName)
    {
        if (channel is < 0 or > 15)
        {
            throw new ArgumentOutOfRangeException(paramName, channel, "A MIDI channel index must be 0–15.");
        }
    }

    public static void CheckTick(long tick, string paramName)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tick, paramName);
    }
}
