using NomadMuse.Core.Onnx;

namespace NomadMuse.OnnxRuntime.Tests;

/// <summary>
/// Graphs built with OnnxGraphBuilder, run by ONNX Runtime, against plain C# references: max |Δ| &lt; 1e-4.
/// </summary>
public sealed class OrtSessionParityTests
{
    private const float Tolerance = 1e-4f;

    [OrtFact]
    public void Gemm_TransB_MatchesReference()
    {
        OrtRequire.Library();
        var random = new Random(11);
        const int batch = 3, inputs = 7, outputs = 5;
        float[] x = Random(random, batch * inputs);
        float[] w = Random(random, outputs * inputs); // [out, in] as a Linear layer stores it
        float[] b = Random(random, outputs);
        var graph = new OnnxGraphBuilder("gemm");
        graph.AddInput("x", batch, inputs);
        graph.AddInitializer("w", w, [outputs, inputs]);
        graph.AddInitializer("b", b, [outputs]);
        graph.AddNode("Gemm", ["x", "w", "b"], ["y"]).WithInt("transB", 1).WithFloat("alpha", 1f).WithFloat("beta", 1f);
        graph.AddOutput("y", batch, outputs);

        using var session = OrtSession.FromBytes(new OnnxModelWriter(graph).ToArray(), OrtTestEnvironment.Settings());
        var y = new float[batch * outputs];
        session.Run("x", x, [batch, inputs], "y", y);

        AssertClose(Linear(x, w, b, batch, inputs, outputs), y);
    }

    [OrtFact]
    public void MatMulAdd_MatchesReference()
    {
        OrtRequire.Library();
        var random = new Random(12);
        const int batch = 2, inputs = 9, outputs = 4;
        float[] x = Random(random, batch * inputs);
        float[] w = Random(random, outputs * inputs);
        float[] b = Random(random, outputs);
        var graph = new OnnxGraphBuilder("matmul");
        graph.AddInput("x", batch, inputs);
        graph.AddInitializer("w_t", Transpose(w, outputs, inputs), [inputs, outputs]);
        graph.AddInitializer("b", b, [outputs]);
        graph.AddNode("MatMul", ["x", "w_t"], ["xw"]);
        graph.AddNode("Add", ["xw", "b"], ["y"]);
        graph.AddOutput("y", batch, outputs);

        using var session = OrtSession.FromBytes(new OnnxModelWriter(graph).ToArray(), OrtTestEnvironment.Settings());
        var y = new float[batch * outputs];
        session.Run([new OrtInput("x", x, batch, inputs)], [new OrtOutput("y", y)]);

        AssertClose(Linear(x, w, b, batch, inputs, outputs), y);
    }

    [OrtFact]
    public void GruCellFromElementaryOps_OneStep_MatchesReference()
    {
        OrtRequire.Library();
        var random = new Random(13);
        const int batch = 2, inputs = 6, hidden = 8;
        var (wIh, wHh, bIh, bHh) = GruWeights(random, inputs, hidden);
        float[] x = Random(random, batch * inputs);
        float[] h = Random(random, batch * hidden);
        var graph = new OnnxGraphBuilder("gru_cell");
        graph.AddInput("x", batch, inputs);
        graph.AddInput("h", batch, hidden);
        OnnxGruExport.AddGruCell(graph, "gru", "x", "h", "h_next", inputs, hidden, wIh, wHh, bIh, bHh);
        graph.AddOutput("h_next", batch, hidden);

        using var session = OrtSession.FromBytes(new OnnxModelWriter(graph).ToArray(), OrtTestEnvironment.Settings());
        var next = new float[batch * hidden];
        session.Run([new OrtInput("x", x, batch, inputs), new OrtInput("h", h, batch, hidden)], [new OrtOutput("h_next", next)]);

        AssertClose(GruReference.Step(x, h, batch, inputs, hidden, wIh, wHh, bIh, bHh), next);
    }

    [OrtFact]
    public void GruOperator_LinearBeforeReset_OneStep_MatchesReference()
    {
        OrtRequire.Library();
        var random = new Random(14);
        const int batch = 2, inputs = 5, hidden = 7;
        var (wIh, wHh, bIh, bHh) = GruWeights(random, inputs, hidden);
        float[] x = Random(random, batch * inputs);
        float[] h = Random(random, batch * hidden);
        using var session = GruOperatorSession(1, batch, inputs, hidden, wIh, wHh, bIh, bHh);
        var next = new float[batch * hidden];

        session.Run([new OrtInput("x", x, 1, batch, inputs), new OrtInput("h0", h, 1, batch, hidden)], [new OrtOutput("h_last", next)]);

        AssertClose(GruReference.Step(x, h, batch, inputs, hidden, wIh, wHh, bIh, bHh), next);
    }

    [OrtFact]
    public void GruOperator_ThreeSteps_MatchesReferenceAppliedThreeTimes()
    {
        OrtRequire.Library();
        var random = new Random(15);
        const int steps = 3, batch = 1, inputs = 4, hidden = 6;
        var (wIh, wHh, bIh, bHh) = GruWeights(random, inputs, hidden);
        float[] xs = Random(random, steps * batch * inputs);
        float[] h = Random(random, batch * hidden);
        using var session = GruOperatorSession(steps, batch, inputs, hidden, wIh, wHh, bIh, bHh);
        var last = new float[batch * hidden];
        var all = new float[steps * batch * hidden];

        session.Run(
            [new OrtInput("x", xs, steps, batch, inputs), new OrtInput("h0", h, 1, batch, hidden)],
            [new OrtOutput("y", all), new OrtOutput("h_last", last)]);

        float[] expected = h;
        for (int t = 0; t < steps; t++)
        {
            expected = GruReference.Step(xs[(t * batch * inputs)..((t + 1) * batch * inputs)], expected, batch, inputs, hidden, wIh, wHh, bIh, bHh);
            AssertClose(expected, all[(t * batch * hidden)..((t + 1) * batch * hidden)]);
        }

        AssertClose(expected, last);
    }

    [OrtFact]
    public void GruCellAndGruOperator_SameWeights_Agree()
    {
        OrtRequire.Library();
        var random = new Random(16);
        const int batch = 1, inputs = 16, hidden = 32;
        var (wIh, wHh, bIh, bHh) = GruWeights(random, inputs, hidden);
        float[] x = Random(random, batch * inputs);
        float[] h = Random(random, batch * hidden);
        var cellGraph = new OnnxGraphBuilder("cell");
        cellGraph.AddInput("x", batch, inputs);
        cellGraph.AddInput("h", batch, hidden);
        OnnxGruExport.AddGruCell(cellGraph, "g", "x", "h", "h_next", inputs, hidden, wIh, wHh, bIh, bHh);
        cellGraph.AddOutput("h_next", batch, hidden);
        using var cell = OrtSession.FromBytes(new OnnxModelWriter(cellGraph).ToArray(), OrtTestEnvironment.Settings());
        using var op = GruOperatorSession(1, batch, inputs, hidden, wIh, wHh, bIh, bHh);
        var a = new float[hidden];
        var b = new float[hidden];

        cell.Run([new OrtInput("x", x, batch, inputs), new OrtInput("h", h, batch, hidden)], [new OrtOutput("h_next", a)]);
        op.Run([new OrtInput("x", x, 1, batch, inputs), new OrtInput("h0", h, 1, batch, hidden)], [new OrtOutput("h_last", b)]);

        AssertClose(a, b);
    }

    [OrtFact]
    public void TokenEmbeddingGruCellAndHead_Int64Ids_MatchReferenceLogits()
    {
        // The shape of a token model's step: ids → Gather(embedding) → GRU step → Gemm head → logits.
        OrtRequire.Library();
        var random = new Random(17);
        const int vocab = 11, embed = 6, hidden = 9, batch = 2;
        float[] table = Random(random, vocab * embed);
        var (wIh, wHh, bIh, bHh) = GruWeights(random, embed, hidden);
        float[] head = Random(random, vocab * hidden);
        float[] headBias = Random(random, vocab);
        long[] ids = [3, 10];
        float[] h = Random(random, batch * hidden);
        var graph = new OnnxGraphBuilder("token_step");
        graph.AddInt64Input("ids", batch);
        graph.AddInput("h", batch, hidden);
        graph.AddInitializer("embedding", table, [vocab, embed]);
        graph.AddNode("Gather", ["embedding", "ids"], ["x"]).WithInt("axis", 0);
        OnnxGruExport.AddGruCell(graph, "gru", "x", "h", "h_next", embed, hidden, wIh, wHh, bIh, bHh);
        graph.AddInitializer("head.w", head, [vocab, hidden]);
        graph.AddInitializer("head.b", headBias, [vocab]);
        graph.AddNode("Gemm", ["h_next", "head.w", "head.b"], ["logits"]).WithInt("transB", 1);
        graph.AddOutput("logits", batch, vocab);
        graph.AddOutput("h_next", batch, hidden);
        using var session = OrtSession.FromBytes(new OnnxModelWriter(graph).ToArray(), OrtTestEnvironment.Settings());
        var logits = new float[batch * vocab];
        var next = new float[batch * hidden];

        session.Run([new OrtInput("ids", ids, batch), new OrtInput("h", h, batch, hidden)], [new OrtOutput("logits", logits), new OrtOutput("h_next", next)]);

        float[] x = [.. table.AsSpan(3 * embed, embed), .. table.AsSpan(10 * embed, embed)];
        float[] expectedNext = GruReference.Step(x, h, batch, embed, hidden, wIh, wHh, bIh, bHh);
        AssertClose(expectedNext, next);
        AssertClose(Linear(expectedNext, head, headBias, batch, hidden, vocab), logits);
    }

    internal static OrtSession GruOperatorSession(int steps, int batch, int inputs, int hidden, float[] wIh, float[] wHh, float[] bIh, float[] bHh)
    {
        var graph = new OnnxGraphBuilder("gru_op");
        graph.AddInput("x", steps, batch, inputs);
        graph.AddInput("h0", 1, batch, hidden);
        OnnxGruExport.AddGru(graph, "gru", "x", "h0", "y4", "h_last", inputs, hidden, wIh, wHh, bIh, bHh);
        graph.AddInt64Initializer("axes", [1], [1]);
        graph.AddNode("Squeeze", ["y4", "axes"], ["y"]); // [T, 1, B, H] → [T, B, H]
        graph.AddOutput("y", steps, batch, hidden);
        graph.AddOutput("h_last", 1, batch, hidden);
        return OrtSession.FromBytes(new OnnxModelWriter(graph).ToArray(), OrtTestEnvironment.Settings());
    }

    internal static (float[] WIh, float[] WHh, float[] BIh, float[] BHh) GruWeights(Random random, int inputs, int hidden) =>
        (Random(random, 3 * hidden * inputs), Random(random, 3 * hidden * hidden), Random(random, 3 * hidden), Random(random, 3 * hidden));

    internal static float[] Random(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    private static float[] Linear(float[] x, float[] w, float[] b, int batch, int inputs, int outputs)
    {
        var y = new float[batch * outputs];
        for (int n = 0; n < batch; n++)
        {
            for (int o = 0; o < outputs; o++)
            {
                double sum = b[o];
                for (int i = 0; i < inputs; i++)
                {
                    sum += (double)x[(n * inputs) + i] * w[(o * inputs) + i];
                }

                y[(n * outputs) + o] = (float)sum;
            }
        }

        return y;
    }

    private static float[] Transpose(float[] m, int rows, int cols)
    {
        var t = new float[m.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < cols; c++)
            {
                t[(c * rows) + r] = m[(r * cols) + c];
            }
        }

        return t;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst < Tolerance, $"max |Δ| = {worst:E3} ≥ {Tolerance:E0}");
    }
}
