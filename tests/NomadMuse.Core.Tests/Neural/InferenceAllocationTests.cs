using NomadMuse.Core.Neural;
using NomadMuse.Core.Training;

namespace NomadMuse.Core.Tests.Neural;

public sealed class InferenceAllocationTests
{
    [Fact]
    public void TokenStep_EmbeddingGruAttentionNormLinearSoftmax_AllocatesNothing()
    {
        // The per-token path of the generator: every inference API in one chain, with caller-owned buffers.
        var random = new TrainingRandom(4);
        var embedding = new Embedding("emb", 258, 32);
        var gru = new Gru("gru", 32, 32);
        var attention = new LocalSelfAttention("attn", 32, 16, 32);
        var norm = new LayerNorm("ln", 32);
        var relu = new Activation(ActivationKind.Relu);
        var dropout = new Dropout(0.2f, random);
        var head = new Linear("head", 32, 258);
        embedding.Initialize(random);
        gru.Initialize(random);
        attention.Initialize(random);
        head.Initialize(random);

        float[] x = new float[32], h = new float[32], a = new float[32], logits = new float[258], probabilities = new float[258];
        float[] gruScratch = new float[gru.StepScratchLength], attentionScratch = new float[attention.StepScratchLength];
        LocalAttentionCache cache = attention.CreateCache();
        int token = 1;
        void Step()
        {
            embedding.Lookup(token, x);
            gru.Step(x, h, gruScratch);
            attention.Step(h, cache, a, attentionScratch);
            norm.Apply(a, a);
            relu.Apply(a, a);
            dropout.Apply(a, a);
            head.Apply(a, logits);
            Softmax.Apply(logits, probabilities, temperature: 0.9f);
            token = (token * 7 + 3) % 258;
        }

        for (int i = 0; i < 100; i++)
        {
            Step();
        }

        Assert.Equal(0, AllocationProbe.MinAllocatedBytes(Step, calls: 100, warmUpCalls: 0));
        Assert.Equal(1f, probabilities.Sum(), 4);
    }
}
