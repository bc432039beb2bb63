namespace NomadMuse.OnnxRuntime.Tests;

/// <summary>
/// A plain, deliberately naive GRU step in the PyTorch formulation (gate blocks r, z, n), the reference the ONNX
/// graphs are compared against: r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz),
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h. Computed in double.
/// </summary>
internal static class GruReference
{
    public static float[] Step(float[] x, float[] h, int batch, int inputSize, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh)
    {
        var next = new float[batch * hidden];
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < hidden; j++)
            {
                double ir = Dot(wIh, j, x, b, inputSize) + bIh[j];
                double iz = Dot(wIh, hidden + j, x, b, inputSize) + bIh[hidden + j];
                double inn = Dot(wIh, (2 * hidden) + j, x, b, inputSize) + bIh[(2 * hidden) + j];
                double hr = Dot(wHh, j, h, b, hidden) + bHh[j];
                double hz = Dot(wHh, hidden + j, h, b, hidden) + bHh[hidden + j];
                double hn = Dot(wHh, (2 * hidden) + j, h, b, hidden) + bHh[(2 * hidden) + j];
                double r = Sigmoid(ir + hr);
                double z = Sigmoid(iz + hz);
                double n = Math.Tanh(inn + (r * hn));
                next[(b * hidden) + j] = (float)(((1 - z) * n) + (z * h[(b * hidden) + j]));
            }
        }

        return next;
    }

    private static double Dot(float[] weight, int row, float[] vector, int batchIndex, int length)
    {
        double sum = 0;
        for (int k = 0; k < length; k++)
        {
            sum += (double)weight[(row * length) + k] * vector[(batchIndex * length) + k];
        }

        return sum;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
