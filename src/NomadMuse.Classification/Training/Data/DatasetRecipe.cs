namespace NomadMuse.Classification.Training.Data;

/// <summary>What a rendered data set is made of: SoundFonts, drum kits, speech voices, counts and the output rate.</summary>
/// <param name="Name">"train" or "test" (also the folder name under the data root).</param>
/// <param name="MelodicSoundFont">GM SoundFont rendered for programs 0–127.</param>
/// <param name="NotesPerProgram">Base notes per program (programs of rare classes get more, up to four times this).</param>
/// <param name="DrumKits">SoundFont drum kits.</param>
/// <param name="DrumHitsPerKey">Hits per mapped percussion key and kit.</param>
/// <param name="HydrogenKits">Hydrogen kit folders (real recorded samples).</param>
/// <param name="MaleVoices">eSpeak NG voices used as male-vocal stand-ins.</param>
/// <param name="FemaleVoices">eSpeak NG voices used as female-vocal stand-ins.</param>
/// <param name="UtterancesPerVoice">Clips per voice.</param>
/// <param name="SampleRate">Rate of the written clips (the test set uses 44.1 kHz so evaluation exercises the resampler).</param>
/// <param name="Seed">Seed for pitches, velocities, durations and texts.</param>
public sealed record DatasetRecipe(
    string Name,
    string MelodicSoundFont,
    int NotesPerProgram,
    IReadOnlyList<DrumSoundFontKit> DrumKits,
    int DrumHitsPerKey,
    IReadOnlyList<string> HydrogenKits,
    IReadOnlyList<string> MaleVoices,
    IReadOnlyList<string> FemaleVoices,
    int UtterancesPerVoice,
    int SampleRate,
    ulong Seed)
{
    private const string Sf2 = "/usr/share/sounds/sf2";
    private const string Sf3 = "/usr/share/sounds/sf3";
    private const string Hydrogen = "/usr/share/hydrogen/data/drumkits";

    /// <summary>
    /// The training set: FluidR3 GM (every program; its Standard, Room, Power, Electronic, TR-808, Jazz and Brush
    /// kits), the AVL Red Zeppelin kit, seven Hydrogen kits, eSpeak voices m1–m4 / f1–f3.
    /// </summary>
    public static DatasetRecipe Training { get; } = new(
        "train",
        $"{Sf2}/FluidR3_GM.sf2",
        18,
        [
            .. new[] { 0, 8, 16, 24, 25, 32, 40 }.Select(p => new DrumSoundFontKit($"{Sf2}/FluidR3_GM.sf2", 9, p, $"FluidR3 kit {p}")),
            new DrumSoundFontKit($"{Sf2}/Red_Zeppelin_4_LV2.sf2", 0, 0, "AVL Red Zeppelin"),
        ],
        3,
        [.. new[] { "ColomboAcousticDrumkit", "ElectricEmpireKit", "HardElectro1", "Millo-Drums_v.1", "Millo_MultiLayered2", "VariBreaks", "circAfrique v4" }.Select(k => $"{Hydrogen}/{k}")],
        ["en+m1", "en+m2", "en+m3", "en+m4", "en-us+m1", "en-us+m3"],
        ["en+f1", "en+f2", "en+f3", "en-us+f1", "en-us+f2"],
        24,
        22_050,
        1);

    /// <summary>
    /// The held-out test set, sharing no source with <see cref="Training"/>: MuseScore General (Lite) for programs and
    /// kits, the Hydrogen kits BJA Pacific, rumpf kit and The Black Pearl (the AVL Black Pearl SoundFont, made from the
    /// same recordings, is therefore kept out of training), eSpeak voices m5–m7 / f4–f5, clips at 44.1 kHz.
    /// </summary>
    public static DatasetRecipe HeldOut { get; } = new(
        "test",
        File.Exists($"{Sf3}/MuseScore_General.sf3") ? $"{Sf3}/MuseScore_General.sf3" : $"{Sf3}/MuseScore_General_Lite.sf3",
        5,
        [
            .. new[] { 0, 8, 16, 24, 25, 32, 40 }.Select(p => new DrumSoundFontKit(
                File.Exists($"{Sf3}/MuseScore_General.sf3") ? $"{Sf3}/MuseScore_General.sf3" : $"{Sf3}/MuseScore_General_Lite.sf3", 9, p, $"MuseScore kit {p}")),
        ],
        1,
        [.. new[] { "BJA_Pacific", "rumpf_kit_z01_h2", "The Black Pearl 1.0" }.Select(k => $"{Hydrogen}/{k}")],
        ["en+m5", "en+m6", "en+m7"],
        ["en+f4", "en+f5"],
        12,
        44_100,
        2);
}
