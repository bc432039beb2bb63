namespace NomadMuse.Analysis;

/// <summary>A snapshot of a <see cref="LoudnessMeter"/>: EBU R128 loudness, loudness range and peaks.</summary>
/// <remarks>
/// A level that does not exist yet or that is the level of digital silence is <see cref="double.NegativeInfinity"/>
/// (never NaN): momentary values before the first 400 ms, short-term values before the first 3 s, integrated
/// loudness until a 400 ms block exceeds the −70 LUFS gate, peaks of an all-zero signal. Use
/// <see cref="double.IsFinite(double)"/> before displaying or doing arithmetic.
/// </remarks>
/// <param name="IntegratedLufs">Programme loudness with the −70 LUFS absolute and −10 LU relative gates (BS.1770-4).</param>
/// <param name="MomentaryLufs">Loudness of the last 400 ms.</param>
/// <param name="MomentaryMaxLufs">The largest momentary loudness so far (evaluated every 5 ms).</param>
/// <param name="ShortTermLufs">Loudness of the last 3 s.</param>
/// <param name="ShortTermMaxLufs">The largest short-term loudness so far (evaluated every 5 ms).</param>
/// <param name="LoudnessRangeLu">EBU Tech 3342 loudness range; 0 until two short-term blocks pass its gates.</param>
/// <param name="TruePeakDbtp">The largest over-sampled absolute value over all channels, dB re full scale.</param>
/// <param name="SamplePeakDbfs">The largest absolute sample over all channels, dB re full scale.</param>
public readonly record struct LoudnessReading(
    double IntegratedLufs,
    double MomentaryLufs,
    double MomentaryMaxLufs,
    double ShortTermLufs,
    double ShortTermMaxLufs,
    double LoudnessRangeLu,
    double TruePeakDbtp,
    double SamplePeakDbfs);
