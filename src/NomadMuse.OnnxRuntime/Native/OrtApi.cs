using System.Runtime.InteropServices;

namespace NomadMuse.OnnxRuntime.Native;

/// <summary>
/// The slice of ONNX Runtime's <c>OrtApi</c> function table that NomadMuse calls, read by index from the table that
/// <c>OrtApiBase::GetApi</c> returns.
/// </summary>
/// <remarks>
/// <c>OrtApi</c> is a C struct of function pointers that only ever grows at the end (ABI stability rule of
/// onnxruntime_c_api.h), so an entry's index is fixed once released. The indices below count the entries of
/// <c>struct OrtApi</c> in onnxruntime_c_api.h from 0; every function used here dates from API version 1.
/// Handles (OrtEnv*, OrtSession*, OrtValue*, …) are opaque <see cref="nint"/>; a non-zero returned
/// <c>OrtStatus*</c> is an error that must be released.
/// </remarks>
internal sealed unsafe class OrtApi
{
    // Indices into struct OrtApi (onnxruntime_c_api.h, API version 1 onward).
    internal const int CreateStatusIndex = 0;
    internal const int GetErrorCodeIndex = 1;
    internal const int GetErrorMessageIndex = 2;
    internal const int CreateEnvIndex = 3;
    internal const int CreateSessionIndex = 7;
    internal const int CreateSessionFromArrayIndex = 8;
    internal const int RunIndex = 9;
    internal const int CreateSessionOptionsIndex = 10;
    internal const int SetSessionGraphOptimizationLevelIndex = 23;
    internal const int SetIntraOpNumThreadsIndex = 24;
    internal const int SetInterOpNumThreadsIndex = 25;
    internal const int SessionGetInputCountIndex = 30;
    internal const int SessionGetOutputCountIndex = 31;
    internal const int SessionGetInputTypeInfoIndex = 33;
    internal const int SessionGetOutputTypeInfoIndex = 34;
    internal const int SessionGetInputNameIndex = 36;
    internal const int SessionGetOutputNameIndex = 37;
    internal const int CreateTensorWithDataAsOrtValueIndex = 49;
    internal const int GetTensorMutableDataIndex = 51;
    internal const int CastTypeInfoToTensorInfoIndex = 55;
    internal const int CreateTensorTypeAndShapeInfoIndex = 57;
    internal const int SetDimensionsIndex = 59;
    internal const int GetTensorElementTypeIndex = 60;
    internal const int GetDimensionsCountIndex = 61;
    internal const int GetDimensionsIndex = 62;
    internal const int GetTensorShapeElementCountIndex = 64;
    internal const int GetTensorTypeAndShapeIndex = 65;
    internal const int CreateCpuMemoryInfoIndex = 69;
    internal const int MemoryInfoGetNameIndex = 71;
    internal const int AllocatorFreeIndex = 76;
    internal const int GetAllocatorWithDefaultOptionsIndex = 78;
    internal const int ReleaseEnvIndex = 92;
    internal const int ReleaseStatusIndex = 93;
    internal const int ReleaseMemoryInfoIndex = 94;
    internal const int ReleaseSessionIndex = 95;
    internal const int ReleaseValueIndex = 96;
    internal const int ReleaseTypeInfoIndex = 98;
    internal const int ReleaseTensorTypeAndShapeInfoIndex = 99;
    internal const int ReleaseSessionOptionsIndex = 100;

    // Function pointers, typed after the C declarations (size_t = nuint, int64_t* = long*, enums = int).
    internal readonly delegate* unmanaged<int, byte*, nint> CreateStatus;
    internal readonly delegate* unmanaged<nint, int> GetErrorCode;
    internal readonly delegate* unmanaged<nint, byte*> GetErrorMessage;
    internal readonly delegate* unmanaged<int, byte*, nint*, nint> CreateEnv;
    internal readonly delegate* unmanaged<nint, void*, nint, nint*, nint> CreateSession;
    internal readonly delegate* unmanaged<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray;
    internal readonly delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run;
    internal readonly delegate* unmanaged<nint*, nint> CreateSessionOptions;
    internal readonly delegate* unmanaged<nint, int, nint> SetSessionGraphOptimizationLevel;
    internal readonly delegate* unmanaged<nint, int, nint> SetIntraOpNumThreads;
    internal readonly delegate* unmanaged<nint, int, nint> SetInterOpNumThreads;
    internal readonly delegate* unmanaged<nint, nuint*, nint> SessionGetInputCount;
    internal readonly delegate* unmanaged<nint, nuint*, nint> SessionGetOutputCount;
    internal readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetInputTypeInfo;
    internal readonly delegate* unmanaged<nint, nuint, nint*, nint> SessionGetOutputTypeInfo;
    internal readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetInputName;
    internal readonly delegate* unmanaged<nint, nuint, nint, byte**, nint> SessionGetOutputName;
    internal readonly delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint> CreateTensorWithDataAsOrtValue;
    internal readonly delegate* unmanaged<nint, void**, nint> GetTensorMutableData;
    internal readonly delegate* unmanaged<nint, nint*, nint> CastTypeInfoToTensorInfo;
    internal readonly delegate* unmanaged<nint*, nint> CreateTensorTypeAndShapeInfo;
    internal readonly delegate* unmanaged<nint, long*, nuint, nint> SetDimensions;
    internal readonly delegate* unmanaged<nint, int*, nint> GetTensorElementType;
    internal readonly delegate* unmanaged<nint, nuint*, nint> GetDimensionsCount;
    internal readonly delegate* unmanaged<nint, long*, nuint, nint> GetDimensions;
    internal readonly delegate* unmanaged<nint, nuint*, nint> GetTensorShapeElementCount;
    internal readonly delegate* unmanaged<nint, nint*, nint> GetTensorTypeAndShape;
    internal readonly delegate* unmanaged<int, int, nint*, nint> CreateCpuMemoryInfo;
    internal readonly delegate* unmanaged<nint, byte**, nint> MemoryInfoGetName;
    internal readonly delegate* unmanaged<nint, void*, nint> AllocatorFree;
    internal readonly delegate* unmanaged<nint*, nint> GetAllocatorWithDefaultOptions;
    internal readonly delegate* unmanaged<nint, void> ReleaseEnv;
    internal readonly delegate* unmanaged<nint, void> ReleaseStatus;
    internal readonly delegate* unmanaged<nint, void> ReleaseMemoryInfo;
    internal readonly delegate* unmanaged<nint, void> ReleaseSession;
    internal readonly delegate* unmanaged<nint, void> ReleaseValue;
    internal readonly delegate* unmanaged<nint, void> ReleaseTypeInfo;
    internal readonly delegate* unmanaged<nint, void> ReleaseTensorTypeAndShapeInfo;
    internal readonly delegate* unmanaged<nint, void> ReleaseSessionOptions;

    /// <summary>Reads the entries from an <c>OrtApi*</c>.</summary>
    internal OrtApi(nint table)
    {
        var t = (nint*)table;
        CreateStatus = (delegate* unmanaged<int, byte*, nint>)t[CreateStatusIndex];
        GetErrorCode = (delegate* unmanaged<nint, int>)t[GetErrorCodeIndex];
        GetErrorMessage = (delegate* unmanaged<nint, byte*>)t[GetErrorMessageIndex];
        CreateEnv = (delegate* unmanaged<int, byte*, nint*, nint>)t[CreateEnvIndex];
        CreateSession = (delegate* unmanaged<nint, void*, nint, nint*, nint>)t[CreateSessionIndex];
        CreateSessionFromArray = (delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)t[CreateSessionFromArrayIndex];
        Run = (delegate* unmanaged<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)t[RunIndex];
        CreateSessionOptions = (delegate* unmanaged<nint*, nint>)t[CreateSessionOptionsIndex];
        SetSessionGraphOptimizationLevel = (delegate* unmanaged<nint, int, nint>)t[SetSessionGraphOptimizationLevelIndex];
        SetIntraOpNumThreads = (delegate* unmanaged<nint, int, nint>)t[SetIntraOpNumThreadsIndex];
        SetInterOpNumThreads = (delegate* unmanaged<nint, int, nint>)t[SetInterOpNumThreadsIndex];
        SessionGetInputCount = (delegate* unmanaged<nint, nuint*, nint>)t[SessionGetInputCountIndex];
        SessionGetOutputCount = (delegate* unmanaged<nint, nuint*, nint>)t[SessionGetOutputCountIndex];
        SessionGetInputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)t[SessionGetInputTypeInfoIndex];
        SessionGetOutputTypeInfo = (delegate* unmanaged<nint, nuint, nint*, nint>)t[SessionGetOutputTypeInfoIndex];
        SessionGetInputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)t[SessionGetInputNameIndex];
        SessionGetOutputName = (delegate* unmanaged<nint, nuint, nint, byte**, nint>)t[SessionGetOutputNameIndex];
        CreateTensorWithDataAsOrtValue = (delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)t[CreateTensorWithDataAsOrtValueIndex];
        GetTensorMutableData = (delegate* unmanaged<nint, void**, nint>)t[GetTensorMutableDataIndex];
        CastTypeInfoToTensorInfo = (delegate* unmanaged<nint, nint*, nint>)t[CastTypeInfoToTensorInfoIndex];
        CreateTensorTypeAndShapeInfo = (delegate* unmanaged<nint*, nint>)t[CreateTensorTypeAndShapeInfoIndex];
        SetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)t[SetDimensionsIndex];
        GetTensorElementType = (delegate* unmanaged<nint, int*, nint>)t[GetTensorElementTypeIndex];
        GetDimensionsCount = (delegate* unmanaged<nint, nuint*, nint>)t[GetDimensionsCountIndex];
        GetDimensions = (delegate* unmanaged<nint, long*, nuint, nint>)t[GetDimensionsIndex];
        GetTensorShapeElementCount = (delegate* unmanaged<nint, nuint*, nint>)t[GetTensorShapeElementCountIndex];
        GetTensorTypeAndShape = (delegate* unmanaged<nint, nint*, nint>)t[GetTensorTypeAndShapeIndex];
        CreateCpuMemoryInfo = (delegate* unmanaged<int, int, nint*, nint>)t[CreateCpuMemoryInfoIndex];
        MemoryInfoGetName = (delegate* unmanaged<nint, byte**, nint>)t[MemoryInfoGetNameIndex];
        AllocatorFree = (delegate* unmanaged<nint, void*, nint>)t[AllocatorFreeIndex];
        GetAllocatorWithDefaultOptions = (delegate* unmanaged<nint*, nint>)t[GetAllocatorWithDefaultOptionsIndex];
        ReleaseEnv = (delegate* unmanaged<nint, void>)t[ReleaseEnvIndex];
        ReleaseStatus = (delegate* unmanaged<nint, void>)t[ReleaseStatusIndex];
        ReleaseMemoryInfo = (delegate* unmanaged<nint, void>)t[ReleaseMemoryInfoIndex];
        ReleaseSession = (delegate* unmanaged<nint, void>)t[ReleaseSessionIndex];
        ReleaseValue = (delegate* unmanaged<nint, void>)t[ReleaseValueIndex];
        ReleaseTypeInfo = (delegate* unmanaged<nint, void>)t[ReleaseTypeInfoIndex];
        ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged<nint, void>)t[ReleaseTensorTypeAndShapeInfoIndex];
        ReleaseSessionOptions = (delegate* unmanaged<nint, void>)t[ReleaseSessionOptionsIndex];
    }

    /// <summary>Throws <see cref="OnnxRuntimeException"/> (and releases the status) when <paramref name="status"/> is an error.</summary>
    internal void Check(nint status, string operation)
    {
        if (status != 0)
        {
            throw ToException(status, operation);
        }
    }

    /// <summary>Turns an error status into an exception and releases it.</summary>
    internal OnnxRuntimeException ToException(nint status, string operation)
    {
        int code = GetErrorCode(status);
        string message = Marshal.PtrToStringUTF8((nint)GetErrorMessage(status)) ?? string.Empty;
        ReleaseStatus(status);
        return new OnnxRuntimeException(operation, (OrtErrorCode)code, message);
    }
}
