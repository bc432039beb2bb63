namespace NomadMuse.Classification.Features;

/// <summary>Per-channel (per mel band) standardisation, <c>(x − mean[c]) / std[c]</c>, with statistics from training data.</summary>
/// <remarks>Immutable after construction; <see cref="Apply"/> may be called from any thread and does not allocate.</remarks>
public sealed class FeatureNormalization
{
    private readonly float[] _mean;
    private readonly float[] _inverseStd;

    /// <summary>Creates the normalisation from stored statistics.</summary>
    /// <param name="mean">Per-channel means.</param>
    /// <param name="std">Per-channel standard deviations, each positive and finite, same length as <paramref name="mean"/>.</param>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite or a deviation is not positive.</exception>
    public FeatureNormalization(ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        if (mean.Length == 0 || mean.Length != std.Length)
        {
            throw new ArgumentException($"Mean ({mean.Length}) and std ({std.Length}) need the same non-zero length.", nameof(std));
        }

        _mean = mean.ToArray();
        _inverseStd = new float[std.Length];
        for (int c = 0; c < std.Length; c++)
        {
            if (!float.IsFinite(mean[c]))
            {
                throw new ArgumentOutOfRangeException(nameof(mean), mean[c], $"Mean of channel {c} is not finite.");
            }

            if (!(std[c] > 0) || !float.IsFinite(std[c]))
            {
                throw new ArgumentOutOfRangeException(nameof(std), std[c], $"Std of channel {c} must be positive and finite.");
            }

            _inverseStd[c] = 1f / std[c];
        }
    }

    /// <summary>The number of channels.</summary>
    public int Channels => _mean.Length;

    /// <summary>Mean 0, std 1 for every channel (no change).</summary>
    /// <param name="channels">The number of channels.</param>
    /// <returns>The identity normalisation.</returns>
    public static FeatureNormalization Identity(int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        float[] ones = new float[channels];
        Array.Fill(ones, 1f);
        return new FeatureNormalization(new float[channels], ones);
    }

    /// <summary>The mean of channel <paramref name="channel"/>.</summary>
    /// <param name="channel">Channel index.</param>
    /// <returns>The stored mean.</returns>
    public float GetMean(int channel) => _mean[CheckChannel(channel)];

    /// <summary>The standard deviation of channel <paramref name="channel"/>.</summary>
    /// <param name="channel">Channel index.</param>
    /// <returns>The stored deviation.</returns>
    public float GetStd(int channel) => 1f / _inverseStd[CheckChannel(channel)];

    /// <summary>Standardises a channel-major patch in place: <c>patch[c · width + t]</c>.</summary>
    /// <param name="patch"><c>Channels × width</c> values.</param>
    /// <param name="width">Values per channel (frames).</param>
    /// <exception cref="ArgumentException">The patch length is not <c>Channels × width</c>.</exception>
    /// <remarks>Does not allocate; any thread.</remarks>
    public void Apply(Span<float> patch, int width)
    {
        if (width < 1 || patch.Length != Channels * width)
        {
            throw new ArgumentException($"The patch needs {Channels} × {width} values, got {patch.Length}.", nameof(patch));
        }

        for (int c = 0; c < Channels; c++)
        {
            Span<float> row = patch.Slice(c * width, width);
            System.Numerics.Tensors.TensorPrimitives.Subtract(row, _mean[c], row);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, _inverseStd[c], row);
        }
    }

    private int CheckChannel(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        return channel;
    }
}
