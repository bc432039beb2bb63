namespace NomadMuse.OnnxRuntime.Tests;

internal static class OrtRequire
{
    /// <summary>Fails with the loader's message when the library is missing (reached only when it is required).</summary>
    public static void Library()
    {
        if (OrtTestEnvironment.Problem is { } problem)
        {
            Assert.Fail($"{OrtTestEnvironment.RequireVariable}=1 but ONNX Runtime cannot be loaded: {problem}");
        }
    }
}
