using NomadMuse.Core.Onnx;

namespace NomadMuse.OnnxRuntime.Tests;

public sealed class OrtSessionTests
{
    [Fact]
    public void Load_ExplicitLibraryPathThatDoesNotExist_ThrowsOrtLibraryNotFoundWithHowToFix()
    {
        var settings = new OrtSessionSettings { LibraryPath = "/nonexistent/libonnxruntime.so.1" };
        var e = Assert.Throws<OrtLibraryNotFoundException>(() => OrtSession.FromBytes([1, 2, 3], settings));
        Assert.Contains("/nonexistent/libonnxruntime.so.1", e.Message);
        Assert.Contains("does not exist", e.Message);
        Assert.Contains(OrtLibrary.LibraryPathVariable, e.Message);
        Assert.Contains("Microsoft.ML.OnnxRuntime", e.Message);
    }

    [Fact]
    public void TryLoad_LibraryThatIsNotOnnxRuntime_ReportsTheMissingExport()
    {
        // libc is loadable but has no OrtGetApiBase.
        string? libc = new[] { "/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libc.so.6" }.FirstOrDefault(File.Exists);
        if (libc is null)
        {
            return; // not this platform's layout; the other tests cover loading
        }

        Assert.False(OrtLibrary.TryLoad(libc, out string? problem));
        Assert.Contains("OrtGetApiBase", problem);
    }

    [Fact]
    public void IntraOpThreads_Negative_ThrowsArgumentOutOfRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new OrtSessionSettings { IntraOpThreads = -1 });
        Assert.Equal(-1, e.ActualValue);
    }

    [OrtFact]
    public void Inputs_AndOutputs_ReportNamesTypesAndShapes()
    {
        OrtRequire.Library();
        using var session = OrtSession.FromBytes(LinearModel(), OrtTestEnvironment.Settings());

        var input = Assert.Single(session.Inputs);
        Assert.Equal("x", input.Name);
        Assert.True(input.IsFloat32);
        Assert.Equal([-1L, 4L], input.Shape);
        Assert.Equal("y", Assert.Single(session.Outputs).Name);
        Assert.StartsWith("1.", session.LibraryVersion);
    }

    [OrtFact]
    public void Load_FromAFileSavedByOnnxModelWriter_RunsWithDynamicBatch()
    {
        OrtRequire.Library();
        string path = Path.Combine(Path.GetTempPath(), $"nm-linear-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(path, LinearModel());
            using var session = OrtSession.Load(path, OrtTestEnvironment.Settings());
            var y = new float[2 * 2];

            session.Run("x", [1, 0, 0, 0, 0, 0, 0, 1], [2, 4], "y", y);

            // Row 0 picks W row 0, row 1 picks W row 3 (W = [[1,2],[3,4],[5,6],[7,8]]), plus b = [0.5, -0.5].
            Assert.Equal([1.5f, 1.5f, 7.5f, 7.5f], y);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [OrtFact]
    public void FromBytes_Garbage_ThrowsOnnxRuntimeExceptionWithCode()
    {
        OrtRequire.Library();
        var e = Assert.Throws<OnnxRuntimeException>(() => OrtSession.FromBytes("definitely not an onnx model"u8, OrtTestEnvironment.Settings()));
        Assert.Equal("CreateSessionFromArray", e.Operation);
        Assert.NotEqual(OrtErrorCode.Ok, e.ErrorCode);
    }

    [OrtFact]
    public void Load_MissingFile_ThrowsOnnxRuntimeException()
    {
        OrtRequire.Library();
        var e = Assert.Throws<OnnxRuntimeException>(() => OrtSession.Load("/nonexistent/model.onnx", OrtTestEnvironment.Settings()));
        Assert.Equal("CreateSession", e.Operation);
    }

    [OrtFact]
    public void Run_UnknownInputName_ThrowsListingTheInputs()
    {
        OrtRequire.Library();
        using var session = OrtSession.FromBytes(LinearModel(), OrtTestEnvironment.Settings());
        var e = Assert.Throws<ArgumentException>(() => session.Run("z", new float[4], [1, 4], "y", new float[2]));
        Assert.Contains("'z'", e.Message);
        Assert.Contains("x", e.Message);
    }

    [OrtFact]
    public void Run_ShapeDisagreesWithLength_ThrowsArgumentException()
    {
        OrtRequire.Library();
        using var session = OrtSession.FromBytes(LinearModel(), OrtTestEnvironment.Settings());
        Assert.Throws<ArgumentException>(() => session.Run("x", new float[5], [1, 4], "y", new float[2]));
    }

    [OrtFact]
    public void Run_ShapeTheModelRejects_ThrowsOnnxRuntimeException()
    {
        OrtRequire.Library();
        using var session = OrtSession.FromBytes(LinearModel(), OrtTestEnvironment.Settings());
        var e = Assert.Throws<OnnxRuntimeException>(() => session.Run("x", new float[5], [1, 5], "y", new float[2]));
        Assert.Equal("Run", e.Operation);
        Assert.Equal(OrtErrorCode.InvalidArgument, e.ErrorCode);
    }

    [OrtFact]
    public void Run_DestinationOfWrongLength_ThrowsArgumentException()
    {
        OrtRequire.Library();
        using var session = OrtSession.FromBytes(LinearModel(), OrtTestEnvironment.Settings());
        var e = Assert.Throws<ArgumentException>(() => session.Run("x", new float[4], [1, 4], "y", new float[3]));
        Assert.Contains("2 elements", e.Message);
    }

    [OrtFact]
    public void Run_AfterDispose_ThrowsObjectDisposed()
    {
        OrtRequire.Library();
        var session = OrtSession.FromBytes(LinearModel(), OrtTestEnvironment.Settings());
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run("x", new float[4], [1, 4], "y", new float[2]));
    }

    [OrtFact]
    public void Run_AfterWarmUp_AllocatesNoManagedMemory()
    {
        OrtRequire.Library();
        using var session = OrtSession.FromBytes(LinearModel(), OrtTestEnvironment.Settings());
        var x = new float[4];
        var y = new float[2];
        long[] shape = [1, 4];
        OrtInput[] inputs = [new OrtInput("x", x, shape)];
        OrtOutput[] outputs = [new OrtOutput("y", y)];
        for (int i = 0; i < 50; i++)
        {
            session.Run("x", x, shape, "y", y);
            session.Run(inputs, outputs);
        }

        long bytes = AllocationProbe.MinAllocatedBytes(
            () =>
            {
                session.Run("x", x, shape, "y", y);
                session.Run(inputs, outputs);
            },
            calls: 100);

        Assert.Equal(0, bytes);
    }

    [OrtFact]
    public void Run_FromFourThreadsAtOnce_GivesEachThreadItsOwnCorrectResult()
    {
        OrtRequire.Library();
        using var session = OrtSession.FromBytes(LinearModel(), OrtTestEnvironment.Settings());
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, worker =>
        {
            var x = new float[4];
            var y = new float[2];
            for (int i = 0; i < 200; i++)
            {
                // One-hot on row (worker + i) % 4 of W = [[1,2],[3,4],[5,6],[7,8]], scaled by i.
                Array.Clear(x);
                int row = (worker + i) % 4;
                x[row] = i;
                session.Run([new OrtInput("x", x, 1, 4)], [new OrtOutput("y", y)]);
                float e0 = (i * ((2 * row) + 1)) + 0.5f, e1 = (i * ((2 * row) + 2)) - 0.5f;
                if (y[0] != e0 || y[1] != e1)
                {
                    failures.Add($"worker {worker} step {i}: got [{y[0]}, {y[1]}], expected [{e0}, {e1}]");
                }
            }
        });

        Assert.Empty(failures);
    }

    /// <summary>y = x·W + b, x [N, 4] (dynamic N), W [4, 2], b [2].</summary>
    private static byte[] LinearModel()
    {
        var graph = new OnnxGraphBuilder("linear");
        graph.AddInput("x", -1, 4);
        graph.AddInitializer("W", [1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
        graph.AddInitializer("b", [0.5f, -0.5f], [2]);
        graph.AddNode("MatMul", ["x", "W"], ["xw"]);
        graph.AddNode("Add", ["xw", "b"], ["y"]);
        graph.AddOutput("y", -1, 2);
        return new OnnxModelWriter(graph).ToArray();
    }
}
