using System.Buffers;
using System.Runtime.InteropServices;
using NomadMuse.OnnxRuntime.Native;

namespace NomadMuse.OnnxRuntime;

/// <summary>
/// An ONNX model loaded into ONNX Runtime (CPU execution provider), run with named float32 inputs and outputs in
/// caller-owned buffers.
/// </summary>
/// <remarks>
/// <para>Owns native memory: dispose it. <see cref="Run(IReadOnlyList{OrtInput}, IReadOnlyList{OrtOutput})"/> may be
/// called from several threads at once (ONNX Runtime sessions are thread-safe for Run); creation and
/// <see cref="Dispose"/> must not overlap a run.</para>
/// <para>Inputs are pinned and passed without copying; ONNX Runtime allocates the outputs, which are copied into the
/// caller's buffers and released before Run returns, so no span is retained. After warm-up the managed side of a
/// run allocates nothing (ONNX Runtime itself allocates natively).</para>
/// </remarks>
/// <example>
/// <code>
/// using var session = OrtSession.Load("gru.onnx", new OrtSessionSettings { IntraOpThreads = 1 });
/// session.Run([new OrtInput("x", x, 1, 64), new OrtInput("h", h, 1, 256)], [new OrtOutput("h_next", hNext)]);
/// </code>
/// </example>
public sealed unsafe class OrtSession : IDisposable
{
    private const int FloatElementType = 1;
    private const int Int64ElementType = 7;

    private readonly OrtApi _api;
    private readonly Dictionary<string, int> _inputIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _outputIndex = new(StringComparer.Ordinal);
    private nint _session;
    private nint _memoryInfo;
    private nint[] _inputNames = [];
    private nint[] _outputNames = [];

    private OrtSession(OrtRuntime runtime, OrtSessionSettings settings, string modelPath, ReadOnlySpan<byte> modelBytes)
    {
        _api = runtime.Api;
        LibraryVersion = runtime.VersionString;
        nint options = 0;
        try
        {
            _api.Check(_api.CreateSessionOptions(&options), "CreateSessionOptions");
            _api.Check(_api.SetIntraOpNumThreads(options, settings.IntraOpThreads), "SetIntraOpNumThreads");
            _api.Check(_api.SetInterOpNumThreads(options, 1), "SetInterOpNumThreads");
            _api.Check(_api.SetSessionGraphOptimizationLevel(options, (int)settings.GraphOptimizationLevel), "SetSessionGraphOptimizationLevel");
            nint session;
            if (modelPath.Length > 0)
            {
                if (OperatingSystem.IsWindows())
                {
                    // ORTCHAR_T is wchar_t on Windows.
                    fixed (char* path = modelPath)
                    {
                        _api.Check(_api.CreateSession(runtime.Env, path, options, &session), "CreateSession");
                    }
                }
                else
                {
                    nint path = Marshal.StringToCoTaskMemUTF8(modelPath);
                    try
                    {
                        _api.Check(_api.CreateSession(runtime.Env, (void*)path, options, &session), "CreateSession");
                    }
                    finally
                    {
                        Marshal.FreeCoTaskMem(path);
                    }
                }
            }
            else
            {
                fixed (byte* bytes = modelBytes)
                {
                    _api.Check(_api.CreateSessionFromArray(runtime.Env, bytes, (nuint)modelBytes.Length, options, &session), "CreateSessionFromArray");
                }
            }

            _session = session;
            nint memoryInfo;
            _api.Check(_api.CreateCpuMemoryInfo(1 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */, &memoryInfo), "CreateCpuMemoryInfo");
            _memoryInfo = memoryInfo;
            Inputs = Describe(isInput: true, _inputIndex, out _inputNames);
            Outputs = Describe(isInput: false, _outputIndex, out _outputNames);
        }
        catch
        {
            Free();
            throw;
        }
        finally
        {
            if (options != 0)
            {
                _api.ReleaseSessionOptions(options);
            }
        }
    }

    /// <summary>Finalizer: releases the native session if <see cref="Dispose"/> was not called.</summary>
    ~OrtSession() => Free();

    /// <summary>The graph inputs.</summary>
    public IReadOnlyList<OrtTensorInfo> Inputs { get; } = [];

    /// <summary>The graph outputs.</summary>
    public IReadOnlyList<OrtTensorInfo> Outputs { get; } = [];

    /// <summary>The ONNX Runtime version running this session, e.g. <c>1.22.0</c>.</summary>
    public string LibraryVersion { get; }

    /// <summary>Loads a model file.</summary>
    /// <param name="modelPath">The <c>.onnx</c> file.</param>
    /// <param name="settings">Library location, threads and optimization; defaults when <see langword="null"/>.</param>
    /// <returns>The session.</returns>
    /// <exception cref="OrtLibraryNotFoundException">The native library cannot be loaded.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejects the model.</exception>
    public static OrtSession Load(string modelPath, OrtSessionSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        settings ??= new OrtSessionSettings();
        return new OrtSession(OrtRuntime.Get(settings.LibraryPath), settings, Path.GetFullPath(modelPath), default);
    }

    /// <summary>Loads a model from memory (e.g. <c>OnnxModelWriter.ToArray()</c> or an embedded resource).</summary>
    /// <param name="model">The serialized ONNX model; it may be discarded once this returns.</param>
    /// <param name="settings">Library location, threads and optimization; defaults when <see langword="null"/>.</param>
    /// <returns>The session.</returns>
    /// <exception cref="OrtLibraryNotFoundException">The native library cannot be loaded.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejects the model.</exception>
    public static OrtSession FromBytes(ReadOnlySpan<byte> model, OrtSessionSettings? settings = null)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The model is empty.", nameof(model));
        }

        settings ??= new OrtSessionSettings();
        return new OrtSession(OrtRuntime.Get(settings.LibraryPath), settings, string.Empty, model);
    }

    /// <summary>Runs the model with one input and one output, both float32.</summary>
    /// <param name="inputName">The graph input name.</param>
    /// <param name="input">The input elements, row-major.</param>
    /// <param name="inputShape">The input dimensions.</param>
    /// <param name="outputName">The graph output name.</param>
    /// <param name="output">Exactly as many elements as the output has.</param>
    /// <remarks>Any thread; allocates no managed memory after warm-up.</remarks>
    /// <exception cref="ArgumentException">An unknown name, or a length that does not match a shape.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejects the run.</exception>
    public void Run(string inputName, ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape, string outputName, Span<float> output)
    {
        int inputIndex = IndexOf(_inputIndex, inputName, "input", nameof(inputName));
        int outputIndex = IndexOf(_outputIndex, outputName, "output", nameof(outputName));
        CheckLength(inputName, input.Length, inputShape);
        ObjectDisposedException.ThrowIf(_session == 0, this);
        nint inputValue = 0;
        nint outputValue = 0;
        try
        {
            fixed (float* data = input)
            fixed (long* shape = inputShape)
            {
                inputValue = CreateTensor(data, input.Length * sizeof(float), shape, inputShape.Length, FloatElementType);
                nint inputNamePtr = _inputNames[inputIndex];
                nint outputNamePtr = _outputNames[outputIndex];
                _api.Check(_api.Run(_session, 0, &inputNamePtr, &inputValue, 1, &outputNamePtr, 1, &outputValue), "Run");
            }

            CopyOutput(outputValue, outputName, output);
        }
        finally
        {
            Release(inputValue);
            Release(outputValue);
        }
    }

    /// <summary>Runs the model with any number of named inputs (float32 or int64) and float32 outputs.</summary>
    /// <param name="inputs">Every graph input the model needs.</param>
    /// <param name="outputs">The outputs wanted (a subset of the graph outputs), each with a buffer of the output's exact length.</param>
    /// <remarks>Any thread; allocates no managed memory after warm-up (pinning state is rented from a shared pool).</remarks>
    /// <exception cref="ArgumentException">An unknown name, or a length that does not match a shape.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime rejects the run.</exception>
    public void Run(IReadOnlyList<OrtInput> inputs, IReadOnlyList<OrtOutput> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (outputs.Count == 0)
        {
            throw new ArgumentException("Ask for at least one output.", nameof(outputs));
        }

        ObjectDisposedException.ThrowIf(_session == 0, this);
        int n = inputs.Count;
        int m = outputs.Count;
        Span<nint> inputNames = n <= 16 ? stackalloc nint[n] : new nint[n];
        Span<nint> inputValues = n <= 16 ? stackalloc nint[n] : new nint[n];
        Span<nint> outputNames = m <= 16 ? stackalloc nint[m] : new nint[m];
        Span<nint> outputValues = m <= 16 ? stackalloc nint[m] : new nint[m];
        inputValues.Clear();
        outputValues.Clear();
        for (int i = 0; i < n; i++)
        {
            var input = inputs[i];
            inputNames[i] = _inputNames[IndexOf(_inputIndex, input.Name, "input", nameof(inputs))];
            CheckLength(input.Name, input.Length, input.ShapeArray);
        }

        for (int i = 0; i < m; i++)
        {
            outputNames[i] = _outputNames[IndexOf(_outputIndex, outputs[i].Name, "output", nameof(outputs))];
        }

        MemoryHandle[] pins = ArrayPool<MemoryHandle>.Shared.Rent(n);
        try
        {
            for (int i = 0; i < n; i++)
            {
                var input = inputs[i];
                pins[i] = input.IsInt64 ? input.Int64Data.Pin() : input.Data.Pin();
                fixed (long* shape = input.ShapeArray)
                {
                    inputValues[i] = input.IsInt64
                        ? CreateTensor(pins[i].Pointer, input.Length * sizeof(long), shape, input.ShapeArray.Length, Int64ElementType)
                        : CreateTensor(pins[i].Pointer, input.Length * sizeof(float), shape, input.ShapeArray.Length, FloatElementType);
                }
            }

            fixed (nint* inNames = inputNames)
            fixed (nint* inValues = inputValues)
            fixed (nint* outNames = outputNames)
            fixed (nint* outValues = outputValues)
            {
                _api.Check(_api.Run(_session, 0, inNames, inValues, (nuint)n, outNames, (nuint)m, outValues), "Run");
            }

            for (int i = 0; i < m; i++)
            {
                CopyOutput(outputValues[i], outputs[i].Name, outputs[i].Destination.Span);
            }
        }
        finally
        {
            for (int i = 0; i < n; i++)
            {
                Release(inputValues[i]);
                pins[i].Dispose();
                pins[i] = default;
            }

            for (int i = 0; i < m; i++)
            {
                Release(outputValues[i]);
            }

            ArrayPool<MemoryHandle>.Shared.Return(pins);
        }
    }

    /// <summary>Releases the native session.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private nint CreateTensor(void* data, int bytes, long* shape, int rank, int elementType)
    {
        nint value;
        _api.Check(
            _api.CreateTensorWithDataAsOrtValue(_memoryInfo, data, (nuint)bytes, shape, (nuint)rank, elementType, &value),
            "CreateTensorWithDataAsOrtValue");
        return value;
    }

    private void CopyOutput(nint value, string name, Span<float> destination)
    {
        nint info;
        _api.Check(_api.GetTensorTypeAndShape(value, &info), "GetTensorTypeAndShape");
        int type;
        nuint count;
        nint status = _api.GetTensorElementType(info, &type);
        if (status == 0)
        {
            status = _api.GetTensorShapeElementCount(info, &count);
        }
        else
        {
            count = 0;
        }

        _api.ReleaseTensorTypeAndShapeInfo(info);
        _api.Check(status, "GetTensorShapeElementCount");
        if (type != FloatElementType)
        {
            throw new ArgumentException($"Output '{name}' has ONNX element type {type}, not float32.", nameof(name));
        }

        if (count != (nuint)destination.Length)
        {
            throw new ArgumentException($"Output '{name}' has {count} elements; the destination holds {destination.Length}.", nameof(destination));
        }

        void* data;
        _api.Check(_api.GetTensorMutableData(value, &data), "GetTensorMutableData");
        new ReadOnlySpan<float>(data, destination.Length).CopyTo(destination);
    }

    private void Release(nint value)
    {
        if (value != 0)
        {
            _api.ReleaseValue(value);
        }
    }

    private static void CheckLength(string name, int length, ReadOnlySpan<long> shape)
    {
        long product = 1;
        foreach (long d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Input '{name}' has a negative dimension; give the actual shape.", nameof(shape));
            }

            product *= d;
        }

        if (product != length)
        {
            throw new ArgumentException($"Input '{name}' has {length} elements but its shape [{string.Join(", ", shape.ToArray())}] needs {product}.", nameof(shape));
        }
    }

    private int IndexOf(Dictionary<string, int> index, string name, string kind, string paramName)
    {
        ArgumentNullException.ThrowIfNull(name, paramName);
        if (index.TryGetValue(name, out int i))
        {
            return i;
        }

        var known = kind == "input" ? Inputs : Outputs;
        throw new ArgumentException($"The model has no {kind} named '{name}' (its {kind}s: {string.Join(", ", known.Select(k => k.Name))}).", paramName);
    }

    private OrtTensorInfo[] Describe(bool isInput, Dictionary<string, int> index, out nint[] nativeNames)
    {
        nuint count;
        _api.Check(isInput ? _api.SessionGetInputCount(_session, &count) : _api.SessionGetOutputCount(_session, &count), "SessionGet*Count");
        nint allocator;
        _api.Check(_api.GetAllocatorWithDefaultOptions(&allocator), "GetAllocatorWithDefaultOptions");
        var infos = new OrtTensorInfo[(int)count];
        nativeNames = new nint[(int)count];
        for (int i = 0; i < infos.Length; i++)
        {
            byte* rawName;
            _api.Check(
                isInput ? _api.SessionGetInputName(_session, (nuint)i, allocator, &rawName) : _api.SessionGetOutputName(_session, (nuint)i, allocator, &rawName),
                "SessionGet*Name");
            string name = Marshal.PtrToStringUTF8((nint)rawName) ?? string.Empty;
            _api.Check(_api.AllocatorFree(allocator, rawName), "AllocatorFree");

            // Keep our own UTF-8 copy for Run, so runs need no marshalling.
            nativeNames[i] = Marshal.StringToCoTaskMemUTF8(name);
            index[name] = i;
            infos[i] = DescribeType(name, isInput, i);
        }

        return infos;
    }

    private OrtTensorInfo DescribeType(string name, bool isInput, int i)
    {
        nint typeInfo;
        _api.Check(
            isInput ? _api.SessionGetInputTypeInfo(_session, (nuint)i, &typeInfo) : _api.SessionGetOutputTypeInfo(_session, (nuint)i, &typeInfo),
            "SessionGet*TypeInfo");
        try
        {
            nint tensorInfo;
            _api.Check(_api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo), "CastTypeInfoToTensorInfo");
            if (tensorInfo == 0)
            {
                return new OrtTensorInfo(name, 0, []);
            }

            int type;
            nuint rank;
            _api.Check(_api.GetTensorElementType(tensorInfo, &type), "GetTensorElementType");
            _api.Check(_api.GetDimensionsCount(tensorInfo, &rank), "GetDimensionsCount");
            var shape = new long[(int)rank];
            fixed (long* dims = shape)
            {
                _api.Check(_api.GetDimensions(tensorInfo, dims, rank), "GetDimensions");
            }

            return new OrtTensorInfo(name, type, shape);
        }
        finally
        {
            _api.ReleaseTypeInfo(typeInfo);
        }
    }

    private void Free()
    {
        if (_session != 0)
        {
            _api.ReleaseSession(_session);
            _session = 0;
        }

        if (_memoryInfo != 0)
        {
            _api.ReleaseMemoryInfo(_memoryInfo);
            _memoryInfo = 0;
        }

        foreach (nint name in _inputNames.Concat(_outputNames))
        {
            Marshal.FreeCoTaskMem(name);
        }

        _inputNames = [];
        _outputNames = [];
    }
}
