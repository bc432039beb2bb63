using NomadMuse.Core.Onnx;

namespace NomadMuse.Core.Tests.Onnx;

internal static class OnnxTestGraphs
{
    public static readonly float[] LinearWeight = [0.5f, -1f, 2f, 0.25f, 3f, -0.5f, 1f, 1f, 1f, -2f, 0f, 0.125f]; // [4, 3]
    public static readonly float[] LinearBias = [0.1f, 0.2f, 0.3f];

    /// <summary>y = x·W + b with x [1, 4], W [4, 3], b [3].</summary>
    public static OnnxGraphBuilder Linear()
    {
        var graph = new OnnxGraphBuilder("linear");
        graph.AddInput("x", 1, 4);
        graph.AddInitializer("W", LinearWeight, [4, 3]);
        graph.AddInitializer("b", LinearBias, [3]);
        graph.AddNode("MatMul", ["x", "W"], ["xw"]);
        graph.AddNode("Add", ["xw", "b"], ["y"]);
        graph.AddOutput("y", 1, 3);
        return graph;
    }
}
