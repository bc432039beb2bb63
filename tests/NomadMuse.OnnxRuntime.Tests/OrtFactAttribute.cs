namespace NomadMuse.OnnxRuntime.Tests;

/// <summary>
/// A fact that needs the ONNX Runtime native library. When the library cannot be loaded the test is skipped with the
/// reason — unless <c>NOMADMUSE_REQUIRE_ORT=1</c> (as test.sh and CI set), in which case it runs and fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OrtFactAttribute : FactAttribute
{
    public OrtFactAttribute()
    {
        if (OrtTestEnvironment.Problem is { } problem && !OrtTestEnvironment.Required)
        {
            Skip = $"ONNX Runtime is not available ({problem}) Run ./test.sh, or set NOMADMUSE_ORT_LIBRARY; set {OrtTestEnvironment.RequireVariable}=1 to make this a failure.";
        }
    }
}
