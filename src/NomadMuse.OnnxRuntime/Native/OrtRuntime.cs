using System.Runtime.InteropServices;

namespace NomadMuse.OnnxRuntime.Native;

/// <summary>
/// One loaded ONNX Runtime library: its handle, its <see cref="OrtApi"/> table and the process's <c>OrtEnv</c>.
/// Loaded once per distinct source and kept for the life of the process (ONNX Runtime's environment is a process
/// singleton and unloading the library under live sessions would crash).
/// </summary>
internal sealed unsafe class OrtRuntime
{
    /// <summary>The <c>ORT_API_VERSION</c> this binding asks for: ONNX Runtime 1.22.</summary>
    internal const uint ApiVersion = 22;

    private const string DefaultLibraryName = "onnxruntime";

    private static readonly Dictionary<string, OrtRuntime> Loaded = new(StringComparer.Ordinal);
    private static readonly object Gate = new();

    private readonly object _envGate = new();
    private nint _env;

    private OrtRuntime(nint library, string source, nint apiBase)
    {
        Library = library;
        Source = source;
        var entries = (nint*)apiBase;
        var getVersionString = (delegate* unmanaged<byte*>)entries[1];
        VersionString = Marshal.PtrToStringUTF8((nint)getVersionString()) ?? "?";
        var getApi = (delegate* unmanaged<uint, nint>)entries[0];
        nint table = getApi(ApiVersion);
        if (table == 0)
        {
            throw new OrtLibraryNotFoundException(
                $"The ONNX Runtime library at {source} is version {VersionString}, which does not provide C API version {ApiVersion}; " +
                "NomadMuse.OnnxRuntime needs ONNX Runtime 1.22 or later.");
        }

        Api = new OrtApi(table);
    }

    internal nint Library { get; }

    /// <summary>Where the library came from, for messages.</summary>
    internal string Source { get; }

    /// <summary>What <c>OrtApiBase::GetVersionString</c> returned, e.g. <c>1.22.0</c>.</summary>
    internal string VersionString { get; }

    internal OrtApi Api { get; }

    /// <summary>The process-wide <c>OrtEnv</c>, created on first use (logging errors only).</summary>
    internal nint Env
    {
        get
        {
            lock (_envGate)
            {
                if (_env == 0)
                {
                    nint env;
                    fixed (byte* logId = "NomadMuse"u8)
                    {
                        Api.Check(Api.CreateEnv(3 /* ORT_LOGGING_LEVEL_ERROR */, logId, &env), "CreateEnv");
                    }

                    _env = env;
                }

                return _env;
            }
        }
    }

    /// <summary>
    /// Loads the library from, in order of precedence: <paramref name="explicitPath"/>, the
    /// <c>NOMADMUSE_ORT_LIBRARY</c> environment variable, the default probing (application directory, the
    /// <c>runtimes/{rid}/native</c> assets of a Microsoft.ML.OnnxRuntime package reference, system paths). The first
    /// source that is specified is used; if it fails to load that is an error rather than a silent fallback.
    /// </summary>
    internal static OrtRuntime Get(string? explicitPath)
    {
        string? envPath = Environment.GetEnvironmentVariable(OrtLibrary.LibraryPathVariable);
        string key = !string.IsNullOrEmpty(explicitPath) ? "path:" + Path.GetFullPath(explicitPath)
            : !string.IsNullOrEmpty(envPath) ? "path:" + Path.GetFullPath(envPath)
            : "default";
        lock (Gate)
        {
            if (Loaded.TryGetValue(key, out var runtime))
            {
                return runtime;
            }

            runtime = Load(explicitPath, envPath);
            Loaded[key] = runtime;
            return runtime;
        }
    }

    private static OrtRuntime Load(string? explicitPath, string? envPath)
    {
        nint handle;
        string source;
        if (!string.IsNullOrEmpty(explicitPath))
        {
            source = $"'{explicitPath}' (OrtSessionSettings.LibraryPath)";
            handle = LoadPath(explicitPath, source);
        }
        else if (!string.IsNullOrEmpty(envPath))
        {
            source = $"'{envPath}' (environment variable {OrtLibrary.LibraryPathVariable})";
            handle = LoadPath(envPath, source);
        }
        else
        {
            source = $"'{DefaultLibraryName}' (default probing)";
            if (!NativeLibrary.TryLoad(DefaultLibraryName, typeof(OrtRuntime).Assembly, null, out handle)
                && !(OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libonnxruntime.so.1", out handle)))
            {
                throw new OrtLibraryNotFoundException(
                    "The ONNX Runtime native library was not found by the default probing (application directory, " +
                    "runtimes/{rid}/native of a Microsoft.ML.OnnxRuntime package reference, system library paths). " + HowToFix);
            }
        }

        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out nint getApiBase))
        {
            throw new OrtLibraryNotFoundException($"The library {source} loaded but does not export OrtGetApiBase: it is not ONNX Runtime. " + HowToFix);
        }

        nint apiBase = ((delegate* unmanaged<nint>)getApiBase)();
        if (apiBase == 0)
        {
            throw new OrtLibraryNotFoundException($"OrtGetApiBase in {source} returned null.");
        }

        return new OrtRuntime(handle, source, apiBase);
    }

    private static nint LoadPath(string path, string source)
    {
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            string exists = File.Exists(path) ? "the file exists but could not be loaded (wrong architecture or missing dependencies?)" : "the file does not exist";
            throw new OrtLibraryNotFoundException($"Could not load the ONNX Runtime native library {source}: {exists}. " + HowToFix, e);
        }
        catch (BadImageFormatException e)
        {
            throw new OrtLibraryNotFoundException($"The ONNX Runtime native library {source} is not a loadable library for this process. " + HowToFix, e);
        }
    }

    private const string HowToFix =
        "Point NomadMuse at libonnxruntime (1.22 or later) in one of three ways: set OrtSessionSettings.LibraryPath; " +
        "set the environment variable " + OrtLibrary.LibraryPathVariable + " to the library file; or reference the " +
        "Microsoft.ML.OnnxRuntime NuGet package (its runtimes/ folder is probed by default). " +
        "The npm package onnxruntime-node ships the same library under bin/napi-v6/{os}/{arch}/.";
}
