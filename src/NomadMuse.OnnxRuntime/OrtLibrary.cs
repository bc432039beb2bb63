using NomadMuse.OnnxRuntime.Native;

namespace NomadMuse.OnnxRuntime;

/// <summary>Finds and identifies the ONNX Runtime native library that <see cref="OrtSession"/> uses.</summary>
/// <remarks>
/// The library is looked for, in order of precedence, at <see cref="OrtSessionSettings.LibraryPath"/>, at the path in
/// the <see cref="LibraryPathVariable"/> environment variable, then by the default native-library probing (which
/// finds the <c>runtimes/{rid}/native</c> assets of a Microsoft.ML.OnnxRuntime package reference). A loaded library
/// stays loaded for the life of the process. All members are thread-safe.
/// </remarks>
public static class OrtLibrary
{
    /// <summary>The environment variable that may name the library file: <c>NOMADMUSE_ORT_LIBRARY</c>.</summary>
    public const string LibraryPathVariable = "NOMADMUSE_ORT_LIBRARY";

    /// <summary>The C API version requested from the library (<c>ORT_API_VERSION</c> of ONNX Runtime 1.22).</summary>
    public const int ApiVersion = (int)OrtRuntime.ApiVersion;

    /// <summary>Loads the library (if not yet loaded) and returns its version string, e.g. <c>1.22.0</c>.</summary>
    /// <param name="libraryPath">An explicit library path, or <see langword="null"/> for the environment variable / default probing.</param>
    /// <returns>The version reported by <c>OrtApiBase::GetVersionString</c>.</returns>
    /// <exception cref="OrtLibraryNotFoundException">The library cannot be loaded or is too old.</exception>
    public static string GetVersion(string? libraryPath = null) => OrtRuntime.Get(libraryPath).VersionString;

    /// <summary>Tries to load the library.</summary>
    /// <param name="libraryPath">An explicit library path, or <see langword="null"/> for the environment variable / default probing.</param>
    /// <param name="problem">Why it could not be loaded, when it could not.</param>
    /// <returns>Whether the library is usable.</returns>
    public static bool TryLoad(string? libraryPath, out string? problem)
    {
        try
        {
            _ = OrtRuntime.Get(libraryPath);
            problem = null;
            return true;
        }
        catch (OrtLibraryNotFoundException e)
        {
            problem = e.Message;
            return false;
        }
    }
}
