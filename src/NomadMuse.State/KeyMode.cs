namespace NomadMuse.State;

/// <summary>The mode of a <see cref="MusicalKey"/>.</summary>
public enum KeyMode
{
    /// <summary>Major (Ionian): intervals 0 2 4 5 7 9 11.</summary>
    Major = 0,

    /// <summary>Natural minor (Aeolian): intervals 0 2 3 5 7 8 10.</summary>
    Minor = 1,
}
