using NomadMuse.Core.Training;
using NomadMuse.Generation.Model;
using NomadMuse.Generation.Onnx;

namespace NomadMuse.OnnxRuntime.Tests;

/// <summary>The generator's exported single-step graph run by ONNX Runtime against <see cref="GeneratorModel.Step"/>.</summary>
public sealed class GeneratorOnnxParityTests
{
    private const int V = GeneratorConfig.Vocabulary;

    [OrtFact]
    public void FusionStep_ManyStepsPastTheWindow_MatchesManagedWithin1e4()
    {
        OrtRequire.Library();
        var model = new GeneratorModel(GeneratorConfig.Fusion, new TrainingRandom(31));
        var rnd = new Random(32);
        var relativeBias = model.Parameters.First(p => p.Name == "attention.relative_bias").Value;
        for (int i = 0; i < relativeBias.Length; i++)
        {
            relativeBias[i] = (float)((rnd.NextDouble() * 2) - 1); // non-zero, so the band slice and the mask matter
        }

        using var runner = new OrtGeneratorRunner(GeneratorOnnx.CreateWriter(model).ToArray(), model.Config, OrtTestEnvironment.Settings());
        var state = model.CreateState();
        state.SetContext(instrument: 7, trackType: 1);
        runner.SetContext(7, 1);
        float[] managed = new float[V];
        double worst = 0;
        const int Steps = 100; // three times past the 33-slot window
        for (int t = 0; t < Steps; t++)
        {
            int token = rnd.Next(0, V);
            model.Step(token, state, managed);
            runner.Step(token);
            for (int i = 0; i < V; i++)
            {
                worst = Math.Max(worst, Math.Abs(managed[i] - runner.Logits[i]));
            }
        }

        Assert.True(worst < 1e-4, $"max |Δ logit| {worst} over {Steps} steps");
        Assert.Contains(runner.Logits, v => v != 0f);
    }

    [OrtFact]
    public void StudentStep_ResetAndNewContext_MatchesManaged()
    {
        OrtRequire.Library();
        var model = new GeneratorModel(GeneratorConfig.Student, new TrainingRandom(33));
        using var runner = new OrtGeneratorRunner(GeneratorOnnx.CreateWriter(model).ToArray(), model.Config, OrtTestEnvironment.Settings());
        var state = model.CreateState();
        float[] managed = new float[V];
        var rnd = new Random(34);
        double worst = 0;
        foreach ((int instrument, int type) in new[] { (0, 0), (20, 2), (10, 1) })
        {
            state.Reset();
            state.SetContext(instrument, type);
            runner.Reset();
            runner.SetContext(instrument, type);
            for (int t = 0; t < 40; t++)
            {
                int token = rnd.Next(0, V);
                model.Step(token, state, managed);
                runner.Step(token);
                worst = Math.Max(worst, managed.Zip(runner.Logits, (a, b) => (double)Math.Abs(a - b)).Max());
            }
        }

        Assert.True(worst < 1e-4, $"max |Δ logit| {worst}");
    }
}
