namespace NomadMuse.Classification.Features;

/// <summary>
/// Parameters of the spectral front end: framing, mel filter bank, decibel scaling and MFCC count.
/// </summary>
/// <remarks>
/// The defaults are the real-time classifier's front end (22,050 Hz, 1024-point frames, 20 ms hop, 128 mel bins);
/// <see cref="LibrosaDefaults"/> reproduces <c>librosa.feature.melspectrogram</c> / <c>librosa.feature.mfcc</c>
/// with their default arguments. Call <see cref="Validate"/> (the feature classes do) before use.
/// </remarks>
public sealed record FeatureSettings
{
    /// <summary>The sample rate features are computed at, in Hz. Default 22,050.</summary>
    public int SampleRate { get; init; } = 22_050;

    /// <summary>The FFT length (a power of two). Default 1024.</summary>
    public int FftSize { get; init; } = 1024;

    /// <summary>The Hann window length, at most <see cref="FftSize"/>; shorter windows are centred and zero-padded (as librosa does). Default 1024.</summary>
    public int WindowLength { get; init; } = 1024;

    /// <summary>Samples between frames. Default 441 (20 ms at 22,050 Hz).</summary>
    public int HopLength { get; init; } = 441;

    /// <summary>
    /// Whether the offline transform pads <c>FftSize / 2</c> zeros on both sides so frame <c>t</c> is centred on
    /// sample <c>t · hop</c> (librosa <c>center=True</c> with <c>pad_mode='constant'</c>, its default since 0.10).
    /// Default true. The real-time <see cref="FrameFeatures"/> always uses uncentred frames of past samples.
    /// </summary>
    public bool Center { get; init; } = true;

    /// <summary>The number of mel bands. Default 128.</summary>
    public int MelBins { get; init; } = 128;

    /// <summary>The lowest filter edge in Hz. Default 0.</summary>
    public double MinFrequency { get; init; }

    /// <summary>The highest filter edge in Hz; null means <c>SampleRate / 2</c>. Default null.</summary>
    public double? MaxFrequency { get; init; }

    /// <summary>The exponent applied to magnitudes: 2 (power, default) or 1 (magnitude).</summary>
    public double Power { get; init; } = 2.0;

    /// <summary>The mel scale. Default <see cref="MelScale.Slaney"/>.</summary>
    public MelScale Scale { get; init; } = MelScale.Slaney;

    /// <summary>The filter normalisation. Default <see cref="MelNormalization.Slaney"/>.</summary>
    public MelNormalization Normalization { get; init; } = MelNormalization.Slaney;

    /// <summary>The floor applied before the logarithm (librosa <c>amin</c>). Default 1e-10.</summary>
    public double AmplitudeFloor { get; init; } = 1e-10;

    /// <summary>The power that maps to 0 dB (librosa <c>ref</c>). Default 1.</summary>
    public double ReferencePower { get; init; } = 1.0;

    /// <summary>Values more than this many dB below the maximum are raised to it (librosa <c>top_db</c>); null disables. Default 80.</summary>
    public double? TopDb { get; init; } = 80.0;

    /// <summary>The number of cepstral coefficients kept (1 … <see cref="MelBins"/>). Default 20.</summary>
    public int MfccCount { get; init; } = 20;

    /// <summary>The real-time classifier front end (all defaults).</summary>
    public static FeatureSettings Default { get; } = new();

    /// <summary>
    /// librosa's defaults: sr 22,050, <c>n_fft=2048</c>, <c>hop_length=512</c>, periodic Hann of 2048,
    /// <c>center=True</c> with zero padding, 128 Slaney mel bands with Slaney area normalisation from 0 to sr/2,
    /// power 2, <c>power_to_db(ref=1, amin=1e-10, top_db=80)</c>, <c>n_mfcc=20</c> via orthonormal DCT-II.
    /// </summary>
    public static FeatureSettings LibrosaDefaults { get; } = new()
    {
        SampleRate = 22_050,
        FftSize = 2048,
        WindowLength = 2048,
        HopLength = 512,
        Center = true,
        MelBins = 128,
        MinFrequency = 0,
        MaxFrequency = null,
        Power = 2.0,
        Scale = MelScale.Slaney,
        Normalization = MelNormalization.Slaney,
        AmplitudeFloor = 1e-10,
        ReferencePower = 1.0,
        TopDb = 80.0,
        MfccCount = 20,
    };

    /// <summary><see cref="MaxFrequency"/> with null resolved to the Nyquist frequency.</summary>
    public double ResolvedMaxFrequency => MaxFrequency ?? SampleRate / 2.0;

    /// <summary>The number of power-spectrum bins, <c>FftSize / 2 + 1</c>.</summary>
    public int BinCount => (FftSize / 2) + 1;

    /// <summary>Checks every value and throws for the first one out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the parameter name is the property.</exception>
    public void Validate()
    {
        if (SampleRate is < 1000 or > 384_000)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRate), SampleRate, "The sample rate must be 1,000 … 384,000 Hz.");
        }

        if (FftSize < 16 || FftSize > 65_536 || (FftSize & (FftSize - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FftSize), FftSize, "The FFT size must be a power of two from 16 to 65,536.");
        }

        if (WindowLength < 2 || WindowLength > FftSize)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowLength), WindowLength, $"The window length must be 2 … FftSize ({FftSize}).");
        }

        if (HopLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(HopLength), HopLength, "The hop length must be positive.");
        }

        if (MelBins is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MelBins), MelBins, "The number of mel bins must be 1 … 1024.");
        }

        if (!(MinFrequency >= 0) || !(MinFrequency < ResolvedMaxFrequency))
        {
            throw new ArgumentOutOfRangeException(nameof(MinFrequency), MinFrequency, "The minimum frequency must be ≥ 0 and below the maximum frequency.");
        }

        if (!(ResolvedMaxFrequency <= SampleRate / 2.0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrequency), MaxFrequency, "The maximum frequency must not exceed the Nyquist frequency.");
        }

        if (Power is not (1.0 or 2.0))
        {
            throw new ArgumentOutOfRangeException(nameof(Power), Power, "The spectrum exponent must be 1 (magnitude) or 2 (power).");
        }

        if (Scale is not (MelScale.Slaney or MelScale.Htk))
        {
            throw new ArgumentOutOfRangeException(nameof(Scale), Scale, "Unknown mel scale.");
        }

        if (Normalization is not (MelNormalization.None or MelNormalization.Slaney))
        {
            throw new ArgumentOutOfRangeException(nameof(Normalization), Normalization, "Unknown mel normalisation.");
        }

        if (!(AmplitudeFloor > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(AmplitudeFloor), AmplitudeFloor, "The amplitude floor must be positive.");
        }

        if (!(ReferencePower > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(ReferencePower), ReferencePower, "The reference power must be positive.");
        }

        if (TopDb is { } top && !(top >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(TopDb), TopDb, "top_db must be non-negative.");
        }

        if (MfccCount < 1 || MfccCount > MelBins)
        {
            throw new ArgumentOutOfRangeException(nameof(MfccCount), MfccCount, $"The MFCC count must be 1 … MelBins ({MelBins}).");
        }
    }
}
