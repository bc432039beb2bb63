using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NomadMuse.Core.Models;

namespace NomadMuse.Core.Tests.Models;

/// <summary>Builds small model files for the tests.</summary>
internal static class ModelFileTestData
{
    public static ModelFile Sample(int seed = 1)
    {
        var random = new Random(seed);
        var metadata = new ModelMetadata("gru-lm")
        {
            TrainingDataHash = "sha256:0123abcd",
            CreatedUtc = new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero),
        };
        metadata.Hyperparameters["hidden"] = 8;
        metadata.Hyperparameters["vocab"] = 3;
        metadata.Vocabulary.Add("<pad>");
        metadata.Vocabulary.Add("note-on:60");
        metadata.Vocabulary.Add("ünïcödé ♪");
        metadata.Metrics["validationPerplexity"] = 3.25;
        metadata.Metrics["loss"] = 0.1 + 0.2;
        metadata.Extra["optimizer"] = new JsonObject { ["name"] = "adamw", ["lr"] = 0.001 };

        var file = new ModelFile(metadata);
        file.Add(ModelTensor.FromFloat32("gru.w_ih", [6, 4], RandomFloats(random, 24)));
        file.Add(ModelTensor.FromFloat32("gru.b_ih", [6], RandomFloats(random, 6)));
        var quantized = new sbyte[3 * 5];
        for (int i = 0; i < quantized.Length; i++)
        {
            quantized[i] = (sbyte)random.Next(-127, 128);
        }

        file.Add(ModelTensor.FromInt8("head.w", [3, 5], quantized, [0.5f, 0.25f, 1.0f / 127]));
        return file;
    }

    public static float[] RandomFloats(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    /// <summary>Replaces the trailing SHA-256 so that a deliberately edited body passes the checksum.</summary>
    public static byte[] Reseal(byte[] file)
    {
        if (file.Length < ModelFile.ChecksumLength)
        {
            return file;
        }

        byte[] result = (byte[])file.Clone();
        int body = file.Length - ModelFile.ChecksumLength;
        SHA256.HashData(file.AsSpan(0, body)).CopyTo(result, body);
        return result;
    }

    public static ModelFile ReadBytes(byte[] bytes) => ModelFile.Read(new MemoryStream(bytes, writable: false));
}
