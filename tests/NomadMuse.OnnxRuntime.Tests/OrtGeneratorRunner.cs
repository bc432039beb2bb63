using NomadMuse.Generation.Model;
using NomadMuse.Generation.Onnx;

namespace NomadMuse.OnnxRuntime.Tests;

/// <summary>
/// Steps an exported generator graph in ONNX Runtime, feeding its state outputs back as the next inputs. The state
/// buffers serve as input and output of the same run: the session copies outputs into them only after the run.
/// </summary>
internal sealed class OrtGeneratorRunner : IDisposable
{
    private readonly OrtSession _session;
    private readonly long[] _token = new long[1], _instrument = new long[1], _trackType = new long[1], _position = new long[1];
    private readonly float[] _h1, _h2, _h3, _keys, _values;
    private readonly OrtInput[] _inputs;
    private readonly OrtOutput[] _outputs;

    public OrtGeneratorRunner(byte[] onnx, GeneratorConfig config, OrtSessionSettings settings)
    {
        _session = OrtSession.FromBytes(onnx, settings);
        int h = config.HiddenSize;
        const int W = GeneratorConfig.AttentionWindow, d = GeneratorConfig.AttentionHead;
        _h1 = new float[h];
        _h2 = new float[h];
        _h3 = new float[h];
        _keys = new float[W * d];
        _values = new float[W * d];
        _inputs =
        [
            new(GeneratorOnnx.Token, _token, 1), new(GeneratorOnnx.Instrument, _instrument, 1),
            new(GeneratorOnnx.TrackType, _trackType, 1), new(GeneratorOnnx.Position, _position, 1),
            new(GeneratorOnnx.Hidden1, _h1, 1, h), new(GeneratorOnnx.Hidden2, _h2, 1, h), new(GeneratorOnnx.Hidden3, _h3, 1, h),
            new(GeneratorOnnx.PastKeys, _keys, W, d), new(GeneratorOnnx.PastValues, _values, W, d),
        ];
        _outputs =
        [
            new(GeneratorOnnx.Logits, Logits), new(GeneratorOnnx.Hidden1Out, _h1), new(GeneratorOnnx.Hidden2Out, _h2),
            new(GeneratorOnnx.Hidden3Out, _h3), new(GeneratorOnnx.KeysOut, _keys), new(GeneratorOnnx.ValuesOut, _values),
        ];
    }

    public float[] Logits { get; } = new float[GeneratorConfig.Vocabulary];

    public void SetContext(int instrument, int trackType)
    {
        _instrument[0] = instrument;
        _trackType[0] = trackType;
    }

    public void Reset()
    {
        _position[0] = 0;
        Array.Clear(_h1);
        Array.Clear(_h2);
        Array.Clear(_h3);
        Array.Clear(_keys);
        Array.Clear(_values);
    }

    public void Step(int token)
    {
        _token[0] = token;
        _session.Run(_inputs, _outputs);
        _position[0]++;
    }

    public void Dispose() => _session.Dispose();
}
