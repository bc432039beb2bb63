using System.Runtime.InteropServices;
using NomadMuse.OnnxRuntime.Native;

namespace NomadMuse.OnnxRuntime.Tests;

/// <summary>
/// Checks the hand-derived OrtApi indices against the real library by calling pairs of functions whose results
/// only agree if both indices are right (a wrong index calls some other function and crashes or returns garbage).
/// </summary>
public sealed unsafe class OrtApiTableTests
{
    [OrtFact]
    public void GetVersionString_ThroughOrtApiBase_Is122OrLater()
    {
        OrtRequire.Library();
        string version = OrtLibrary.GetVersion(OrtTestEnvironment.LibraryPath);
        var parsed = Version.Parse(version);
        Assert.True(parsed >= new Version(1, 22), $"version {version}");
    }

    [OrtFact]
    public void CreateStatus_ThenGetErrorCodeAndMessage_RoundTrip()
    {
        OrtRequire.Library();
        var api = OrtRuntime.Get(OrtTestEnvironment.LibraryPath).Api;
        nint status;
        fixed (byte* message = "index check\0"u8)
        {
            status = api.CreateStatus((int)OrtErrorCode.InvalidGraph, message); // index 0
        }

        Assert.NotEqual(0, status);
        Assert.Equal((int)OrtErrorCode.InvalidGraph, api.GetErrorCode(status)); // index 1
        Assert.Equal("index check", Marshal.PtrToStringUTF8((nint)api.GetErrorMessage(status))); // index 2
        api.ReleaseStatus(status); // index 93
    }

    [OrtFact]
    public void ToException_OfACreatedStatus_CarriesCodeAndMessage()
    {
        OrtRequire.Library();
        var api = OrtRuntime.Get(OrtTestEnvironment.LibraryPath).Api;
        nint status;
        fixed (byte* message = "boom\0"u8)
        {
            status = api.CreateStatus((int)OrtErrorCode.NoSuchFile, message);
        }

        var e = Assert.Throws<OnnxRuntimeException>(() => api.Check(status, "Test"));
        Assert.Equal(OrtErrorCode.NoSuchFile, e.ErrorCode);
        Assert.Equal("boom", e.RuntimeMessage);
        Assert.Equal("Test", e.Operation);
    }

    [OrtFact]
    public void CreateCpuMemoryInfo_ThenMemoryInfoGetName_IsCpu()
    {
        OrtRequire.Library();
        var api = OrtRuntime.Get(OrtTestEnvironment.LibraryPath).Api;
        nint info;
        api.Check(api.CreateCpuMemoryInfo(1, 0, &info), "CreateCpuMemoryInfo"); // index 69
        byte* name;
        api.Check(api.MemoryInfoGetName(info, &name), "MemoryInfoGetName"); // index 71
        Assert.Equal("Cpu", Marshal.PtrToStringUTF8((nint)name));
        api.ReleaseMemoryInfo(info); // index 94
    }

    [OrtFact]
    public void SetDimensions_ThenGetDimensionsAndElementCount_RoundTrip()
    {
        OrtRequire.Library();
        var api = OrtRuntime.Get(OrtTestEnvironment.LibraryPath).Api;
        nint info;
        api.Check(api.CreateTensorTypeAndShapeInfo(&info), "CreateTensorTypeAndShapeInfo"); // index 57
        long[] dims = [2, 3, 7];
        fixed (long* d = dims)
        {
            api.Check(api.SetDimensions(info, d, 3), "SetDimensions"); // index 59
        }

        nuint rank;
        api.Check(api.GetDimensionsCount(info, &rank), "GetDimensionsCount"); // index 61
        var read = new long[(int)rank];
        fixed (long* r = read)
        {
            api.Check(api.GetDimensions(info, r, rank), "GetDimensions"); // index 62
        }

        nuint count;
        api.Check(api.GetTensorShapeElementCount(info, &count), "GetTensorShapeElementCount"); // index 64
        api.ReleaseTensorTypeAndShapeInfo(info); // index 99

        Assert.Equal(dims, read);
        Assert.Equal((nuint)42, count);
    }
}
