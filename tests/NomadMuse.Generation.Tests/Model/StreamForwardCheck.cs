using NomadMuse.Generation.Model;

namespace NomadMuse.Generation.Tests.Model;

/// <summary>
/// Inference and training must be one function: stepping a fresh stream through a column gives the logits the
/// batched training forward gives for it. Shared by both generator architectures.
/// </summary>
internal static class StreamForwardCheck
{
    private const int V = 258;

    /// <summary>Three columns of 45 random tokens (past the 32-step attention window, so rings wrap), each with its
    /// own context; every logit of every step must agree within 1e-4.</summary>
    public static void Run<TModel>(TModel model)
        where TModel : ISequenceModel, ITokenPredictor
    {
        const int T = 45, B = 3;
        int[] instruments = [0, 10, 1];
        int[] types = [1, 1, 2];
        var rnd = new Random(4);
        int[] tokens = new int[T * B];
        for (int i = 0; i < tokens.Length; i++)
        {
            tokens[i] = rnd.Next(1, V);
        }

        float[] forward = new float[T * B * V];
        model.Forward(tokens, T, B, instruments, types, forward, training: false);

        float[] logits = new float[V];
        for (int b = 0; b < B; b++)
        {
            var stream = model.OpenStream();
            stream.Reset(instruments[b], types[b]);
            for (int t = 0; t < T; t++)
            {
                stream.Step(tokens[(t * B) + b], logits);
                for (int k = 0; k < V; k++)
                {
                    Assert.Equal(forward[(((t * B) + b) * V) + k], logits[k], 1e-4f);
                }
            }
        }
    }
}
