namespace NomadMuse.Classification.Features;

/// <summary>
/// Mel-frequency cepstral coefficients: the orthonormal DCT-II of the decibel mel spectrogram, as
/// <c>librosa.feature.mfcc</c> computes them (<c>dct_type=2, norm='ortho'</c>).
/// </summary>
/// <remarks>
/// <c>c[k] = s_k · Σ_m x[m] · cos(π·k·(2m + 1) / (2M))</c> with <c>s_0 = √(1/M)</c>, <c>s_k = √(2/M)</c>; the matrix
/// is orthonormal, so keeping all <c>M</c> coefficients is an invertible rotation of the log-mel vector.
/// </remarks>
public sealed class MfccExtractor
{
    private readonly float[] _dct; // MfccCount × MelBins, row-major

    /// <summary>Creates the extractor for <paramref name="settings"/>.</summary>
    /// <param name="settings">Front-end settings (<see cref="FeatureSettings.MfccCount"/> rows are kept).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public MfccExtractor(FeatureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        MelSpectrogram = new MelSpectrogram(settings);
        int mels = settings.MelBins;
        _dct = new float[settings.MfccCount * mels];
        for (int k = 0; k < settings.MfccCount; k++)
        {
            double scale = Math.Sqrt((k == 0 ? 1.0 : 2.0) / mels);
            for (int m = 0; m < mels; m++)
            {
                _dct[(k * mels) + m] = (float)(scale * Math.Cos(Math.PI * k * ((2 * m) + 1) / (2.0 * mels)));
            }
        }
    }

    /// <summary>The settings in use.</summary>
    public FeatureSettings Settings { get; }

    /// <summary>The mel spectrogram stage.</summary>
    public MelSpectrogram MelSpectrogram { get; }

    /// <summary>The DCT-II basis value for coefficient <paramref name="k"/> and mel band <paramref name="m"/>.</summary>
    /// <param name="k">Coefficient index, below <see cref="FeatureSettings.MfccCount"/>.</param>
    /// <param name="m">Mel band index, below <see cref="FeatureSettings.MelBins"/>.</param>
    /// <returns>The stored basis value.</returns>
    public float GetBasis(int k, int m)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, Settings.MfccCount);
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(m, Settings.MelBins);
        return _dct[(k * Settings.MelBins) + m];
    }

    /// <summary>Computes the MFCCs of a whole signal (mel → <c>power_to_db</c> over the whole clip → DCT).</summary>
    /// <param name="signal">Mono samples at <see cref="FeatureSettings.SampleRate"/>.</param>
    /// <param name="frames">The number of frames.</param>
    /// <returns>Coefficient-major <c>MfccCount × frames</c> values (librosa's layout).</returns>
    /// <remarks>Offline: allocates its result and a mel buffer. One thread at a time per instance.</remarks>
    public float[] Compute(ReadOnlySpan<float> signal, out int frames)
    {
        frames = MelSpectrogram.GetFrameCount(signal.Length);
        int mels = Settings.MelBins;
        float[] mel = new float[mels * frames];
        MelSpectrogram.Compute(signal, mel);
        DecibelScale.PowerToDb(mel, Settings.AmplitudeFloor, Settings.ReferencePower, Settings.TopDb);
        float[] result = new float[Settings.MfccCount * frames];
        for (int k = 0; k < Settings.MfccCount; k++)
        {
            ReadOnlySpan<float> basis = _dct.AsSpan(k * mels, mels);
            for (int t = 0; t < frames; t++)
            {
                double sum = 0;
                for (int m = 0; m < mels; m++)
                {
                    sum += basis[m] * mel[(m * frames) + t];
                }

                result[(k * frames) + t] = (float)sum;
            }
        }

        return result;
    }

    /// <summary>Transforms one decibel mel column into cepstral coefficients.</summary>
    /// <param name="logMel"><c>MelBins</c> decibel values.</param>
    /// <param name="mfcc">Receives <c>MfccCount</c> coefficients.</param>
    /// <exception cref="ArgumentException">A buffer is too short.</exception>
    /// <remarks>Real-time safe: does not allocate; any thread (the basis is read-only).</remarks>
    public void TransformFrame(ReadOnlySpan<float> logMel, Span<float> mfcc)
    {
        int mels = Settings.MelBins;
        if (logMel.Length < mels)
        {
            throw new ArgumentException($"The log-mel column needs {mels} values, got {logMel.Length}.", nameof(logMel));
        }

        if (mfcc.Length < Settings.MfccCount)
        {
            throw new ArgumentException($"The MFCC buffer needs {Settings.MfccCount} values, got {mfcc.Length}.", nameof(mfcc));
        }

        for (int k = 0; k < Settings.MfccCount; k++)
        {
            mfcc[k] = System.Numerics.Tensors.TensorPrimitives.Dot(_dct.AsSpan(k * mels, mels), logMel[..mels]);
        }
    }
}
