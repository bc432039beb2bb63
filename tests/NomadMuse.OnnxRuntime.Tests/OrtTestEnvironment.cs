using NomadMuse.OnnxRuntime;

namespace NomadMuse.OnnxRuntime.Tests;

/// <summary>
/// Where the tests find ONNX Runtime: <c>NOMADMUSE_ORT_LIBRARY</c> (set by test.sh), else the copy test.sh installs
/// under the repository's <c>.tools/onnxruntime-node</c>, else the default probing.
/// </summary>
internal static class OrtTestEnvironment
{
    public const string RequireVariable = "NOMADMUSE_REQUIRE_ORT";

    private static readonly Lazy<(string? Path, string? Problem)> Probe = new(Find);

    /// <summary>The library path to pass in <see cref="OrtSessionSettings.LibraryPath"/>, or null for env/default probing.</summary>
    public static string? LibraryPath => Probe.Value.Path;

    /// <summary>Why the library is unusable, or null when it is usable.</summary>
    public static string? Problem => Probe.Value.Problem;

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    public static OrtSessionSettings Settings() => new() { LibraryPath = LibraryPath, IntraOpThreads = 1 };

    private static (string? Path, string? Problem) Find()
    {
        string? path = string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OrtLibrary.LibraryPathVariable)) ? FindInRepositoryTools() : null;
        return OrtLibrary.TryLoad(path, out string? problem) ? (path, null) : (path, problem);
    }

    private static string? FindInRepositoryTools()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, ".tools", "onnxruntime-node", "node_modules", "onnxruntime-node", "bin", "napi-v6", "linux", "x64", "libonnxruntime.so.1");
            if (OperatingSystem.IsLinux() && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
