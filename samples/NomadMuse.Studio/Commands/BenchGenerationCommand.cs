using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NomadMuse.Generation.Runtime;
using NomadMuse.Generation.Runtime.Modes;
using NomadMuse.Generation.Tokens;
using NomadMuse.Personalization;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// <c>bench generation</c>: per-token latency distribution (p50/p99/max), predictions per second and bytes allocated
/// per token of a generation session on one thread — the figures BenchmarkDotNet's means do not give.
/// </summary>
internal static class BenchGenerationCommand
{
    public static Command Create()
    {
        var model = new Option<FileInfo?>("--model") { Description = "Generator model (.nmm); default: the embedded INT8 model." };
        var tokens = new Option<int>("--tokens") { Description = "Timed tokens per mode.", DefaultValueFactory = _ => 20_000 };
        var adapter = new Option<FileInfo?>("--adapter") { Description = "Also time the tonal session with this personal adapter blended in." };
        var gamma = new Option<double>("--gamma") { Description = "γ of the adapter blend.", DefaultValueFactory = _ => 0.2 };
        var command = new Command("generation", "Per-token latency percentiles, predictions/s and allocation of a generation session.");
        command.Options.Add(model);
        command.Options.Add(tokens);
        command.Options.Add(adapter);
        command.Options.Add(gamma);
        command.SetAction(parse => Run(parse.GetValue(model)?.FullName, parse.GetValue(tokens), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error,
            parse.GetValue(adapter)?.FullName, parse.GetValue(gamma)));
        return command;
    }

    public static int Run(string? modelPath, int tokens, TextWriter output, TextWriter error, string? adapterPath = null, double gamma = 0.2)
    {
        if (tokens < 100)
        {
            error.WriteLine("error: --tokens must be at least 100.");
            return 2;
        }

        MuseGenerator generator = modelPath is null ? MuseGenerator.LoadDefault() : MuseGenerator.Load(modelPath);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model: {modelPath ?? "embedded default"} ({(generator.Model.IsQuantized ? "INT8" : "fp32")}, {generator.Model.ParameterCount:N0} parameters); {tokens:N0} timed tokens per mode, one thread"));
        BeatNote[] melody = [.. Enumerable.Range(0, 64).Select(i => new BeatNote(i * 0.5, 0.5, 60 + ((i * 7) % 12), 90, false))];
        BeatNote[] groove = [.. Enumerable.Range(0, 32).Select(i => new BeatNote(i * 0.5, 0.25, i % 2 == 0 ? 36 : 42, 100, true))];
        Measure("tonal (strict key)", generator.OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Seed = 1 }), melody, tokens, output);
        Measure("drums", generator.OpenSession(new GenerationOptions { Mode = GenerationMode.Percussive, Seed = 2 }), groove, tokens, output);
        if (adapterPath is not null)
        {
            var adjustment = new PersonalAdapterAdjustment(PersonalAdapter.Load(adapterPath, generator.Model), gamma);
            Measure(string.Create(CultureInfo.InvariantCulture, $"tonal + adapter (rank {adjustment.Adapter.Rank}, γ {gamma:G3})"),
                generator.OpenSession(new GenerationOptions { Mode = GenerationMode.Tonal, Seed = 1, LogitAdjustment = adjustment }), melody, tokens, output);
        }

        return 0;
    }

    private static void Measure(string name, GenerationSession session, BeatNote[] primer, int tokens, TextWriter output)
    {
        session.Prime(primer);
        long[] ticks = new long[tokens];
        for (int i = 0; i < 2_000; i++)
        {
            Step(session, primer); // warm-up: JIT tiers, caches
        }

        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < tokens; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            Step(session, primer);
            ticks[i] = Stopwatch.GetTimestamp() - t0;
        }

        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Array.Sort(ticks);
        double Us(double q) => ticks[Math.Min(tokens - 1, (int)(q * tokens))] * 1e6 / Stopwatch.Frequency;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-20} p50 {Us(0.5),7:F1} µs  p99 {Us(0.99),7:F1} µs  max {ticks[^1] * 1e6 / Stopwatch.Frequency,8:F1} µs  {tokens / seconds,8:N0} predictions/s  {(double)allocated / tokens:F2} B/token"));
    }

    private static void Step(GenerationSession session, BeatNote[] primer)
    {
        if (!session.TryStep(out _))
        {
            session.Prime(primer); // the stream reached its limit: start again (rare; counted in the timing)
        }
    }
}
