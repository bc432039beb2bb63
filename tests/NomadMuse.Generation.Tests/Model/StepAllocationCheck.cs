using NomadMuse.Generation.Model;
using NomadMuse.Testing;

namespace NomadMuse.Generation.Tests.Model;

/// <summary>The real-time promise of a generator: after warm-up, a step (and a state reset) allocates nothing.</summary>
internal static class StepAllocationCheck
{
    private const int V = 258;

    /// <summary>Bytes allocated by the cheapest of 100 steps after 50 warm-up steps (resetting every 100 tokens).</summary>
    public static long MinBytesPerStep(GeneratorModel model)
    {
        var state = model.CreateState();
        state.SetContext(10, 1);
        float[] logits = new float[V];
        for (int i = 0; i < 50; i++)
        {
            model.Step(6 + (i % 100), state, logits);
        }

        int token = 0;
        long bytes = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                if (token % 100 == 0)
                {
                    state.Reset();
                }

                model.Step(6 + (token++ % 100), state, logits);
            },
            calls: 100,
            warmUpCalls: 0);
        Assert.All(logits, v => Assert.True(float.IsFinite(v)));
        return bytes;
    }
}
