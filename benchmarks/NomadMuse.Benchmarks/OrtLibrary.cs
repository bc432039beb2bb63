namespace NomadMuse.Benchmarks;

/// <summary>Finds ONNX Runtime's native library for the benchmarks that compare against it.</summary>
internal static class OrtLibrary
{
    /// <summary>
    /// The copy test.sh installs under <c>.tools/onnxruntime-node</c> (searched upwards from the working directory and
    /// the binaries), or null when <c>NOMADMUSE_ORT_LIBRARY</c> is set (OrtSession reads it itself) or none is found.
    /// </summary>
    public static string? Find()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NOMADMUSE_ORT_LIBRARY")))
        {
            return null;
        }

        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, ".tools", "onnxruntime-node", "node_modules", "onnxruntime-node", "bin", "napi-v6", "linux", "x64", "libonnxruntime.so.1");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
