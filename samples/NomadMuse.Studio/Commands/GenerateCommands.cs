using System.CommandLine;
using NomadMuse.Personalization;

namespace NomadMuse.Studio.Commands;

/// <summary>
/// The generation commands: <c>continue</c>, <c>drums</c>, <c>chords</c> and <c>infill</c>. Each takes
/// <c>--model &lt;file.nmm&gt;</c> (default: the model embedded in NomadMuse.Generation) and <c>--seed</c> for
/// deterministic output; the work is in <see cref="GenerationRunner"/>.
/// </summary>
internal static class GenerateCommands
{
    public static Command CreateContinue()
    {
        var input = new Argument<string>("in.mid") { Description = "The MIDI file to continue (all tracks are the context)." };
        var bars = new Option<int>("--bars") { Description = "Bars to add after the music (the current bar is completed first).", Required = true };
        var output = Out();
        var mode = new Option<string>("--mode") { Description = "auto (follow the music), tonal or drums.", DefaultValueFactory = _ => "auto" };
        var key = new Option<string?>("--key") { Description = "Constrain tonal notes to this key, e.g. \"C minor\" (default: detected from the music)." };
        var softKey = new Option<bool>("--soft-key") { Description = "Penalise out-of-key notes instead of forbidding them." };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature, 0.05–5.", DefaultValueFactory = _ => 1f };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling mass, (0, 1].", DefaultValueFactory = _ => 0.95f };
        var adapter = new Option<string?>("--adapter") { Description = "A personal adapter (.nmm from `personalize train`) for the generator, blended in with --gamma." };
        var gamma = new Option<double>("--gamma") { Description = "The adapter's γ (0.2·sigmoid(n_sessions − 10); 0.2 = many sessions).", DefaultValueFactory = _ => 0.2 };
        var (model, seed) = (Model(), Seed());
        var command = new Command("continue", "Continue a MIDI file by N bars with the generator.") { input, bars, output, mode, key, softKey, temperature, topP, model, seed, adapter, gamma };
        command.SetAction(p =>
        {
            var common = Common(p, output, model, seed);
            if (p.GetValue(adapter) is { } adapterPath)
            {
                double g = p.GetValue(gamma);
                common = common with { Adjustment = m => new PersonalAdapterAdjustment(LoadAdapter(adapterPath, m), g) };
            }

            return GenerationRunner.Continue(p.GetValue(input)!, p.GetValue(bars), p.GetValue(mode)!, p.GetValue(key),
                p.GetValue(softKey), p.GetValue(temperature), p.GetValue(topP), common);
        });
        return command;
    }

    /// <summary>Loads an adapter; a damaged file is reported with its path (exit 1), like an unreadable model.</summary>
    private static PersonalAdapter LoadAdapter(string path, NomadMuse.Generation.Model.GeneratorModel model)
    {
        try
        {
            return PersonalAdapter.Load(path, model);
        }
        catch (NomadMuse.Core.Models.ModelFormatException e)
        {
            throw new IOException($"{path}: {e.Message}", e);
        }
    }

    public static Command CreateDrums()
    {
        var bars = new Option<int>("--bars") { Description = "Bars of drums to generate.", Required = true };
        var fill = new Option<bool>("--fill") { Description = "Make the last bar a fill that resolves on the following downbeat." };
        var output = Out();
        var (model, seed) = (Model(), Seed());
        var command = new Command("drums", "Generate a drum part (General MIDI kit, channel 10).") { bars, fill, output, model, seed };
        command.SetAction(p => GenerationRunner.Drums(p.GetValue(bars), p.GetValue(fill), Common(p, output, model, seed)));
        return command;
    }

    public static Command CreateChords()
    {
        var key = new Option<string>("--key") { Description = "The key, e.g. \"C minor\" or \"F# major\".", Required = true };
        var bars = new Option<int>("--bars") { Description = "Bars (one voiced chord per bar), 1–256.", Required = true };
        var output = Out();
        var (model, seed) = (Model(), Seed());
        var command = new Command("chords", "Generate a voiced diatonic chord progression in a key.") { key, bars, output, model, seed };
        command.SetAction(p => GenerationRunner.Chords(p.GetValue(key)!, p.GetValue(bars), Common(p, output, model, seed)));
        return command;
    }

    public static Command CreateInfill()
    {
        var input = new Argument<string>("in.mid") { Description = "The MIDI file whose bars to regenerate." };
        var fromBar = new Option<int>("--from-bar") { Description = "First bar to regenerate (1 = the first bar).", Required = true };
        var toBar = new Option<int>("--to-bar") { Description = "Last bar to regenerate (inclusive).", Required = true };
        var output = Out();
        var (model, seed) = (Model(), Seed());
        var command = new Command("infill", "Regenerate bars A–B of a MIDI file between the fixed music before and after them.") { input, fromBar, toBar, output, model, seed };
        command.SetAction(p => GenerationRunner.Infill(p.GetValue(input)!, p.GetValue(fromBar), p.GetValue(toBar), Common(p, output, model, seed)));
        return command;
    }

    private static Option<string> Out() => new("--out") { Description = "Where to write the MIDI file.", Required = true };

    private static Option<string?> Model() => new("--model") { Description = "Generator model file (.nmm); default: the embedded model." };

    private static Option<long?> Seed() => new("--seed") { Description = "Random seed: the same seed gives the same output." };

    private static GenerationRunner.Common Common(ParseResult p, Option<string> output, Option<string?> model, Option<long?> seed) =>
        new(p.GetValue(output)!, p.GetValue(model), p.GetValue(seed), p.InvocationConfiguration.Output, p.InvocationConfiguration.Error);
}
