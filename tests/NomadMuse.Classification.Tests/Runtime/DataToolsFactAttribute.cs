using NomadMuse.Classification.Training.Data;

namespace NomadMuse.Classification.Tests.Runtime;

/// <summary>A fact that needs FluidSynth and the FluidR3 GM SoundFont; skipped with a message when they are absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DataToolsFactAttribute : FactAttribute
{
    public const string SoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

    public DataToolsFactAttribute()
    {
        if (ExternalTools.Find("fluidsynth") is null || !File.Exists(SoundFont))
        {
            Skip = $"fluidsynth or {SoundFont} is not installed (apt-get install fluidsynth fluid-soundfont-gm).";
        }
    }
}
