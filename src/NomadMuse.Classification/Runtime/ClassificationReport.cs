using System.Globalization;
using System.Text.Json.Nodes;
using NomadMuse.Classification.Data;

namespace NomadMuse.Classification.Runtime;

/// <summary>
/// Clip-level evaluation figures: instrument accuracy, track-type accuracy, drum recall (share of clips of classes
/// 1–4 decided as one of classes 1–4), per-class accuracy and the 20×20 confusion matrix (rows = true class, columns =
/// decided class, both by id − 1).
/// </summary>
public sealed class ClassificationReport
{
    private readonly int[,] _confusion = new int[InstrumentClasses.Count, InstrumentClasses.Count];
    private int _typeCorrect;
    private int _drumClips;
    private int _drumHits;

    /// <summary>Clips evaluated.</summary>
    public int Clips { get; private set; }

    /// <summary>Share of clips whose decided class is the labelled class.</summary>
    public double Accuracy => Clips == 0 ? 0 : Diagonal() / (double)Clips;

    /// <summary>Share of clips whose decided track type matches the label's percussive flag.</summary>
    public double TrackTypeAccuracy => Clips == 0 ? 0 : _typeCorrect / (double)Clips;

    /// <summary>Share of drum clips (classes 1–4) decided as a drum class (1–4); 0 when there are none.</summary>
    public double DrumRecall => _drumClips == 0 ? 0 : _drumHits / (double)_drumClips;

    /// <summary>Count of clips of true class <paramref name="trueClassId"/> decided as <paramref name="decidedClassId"/>.</summary>
    /// <param name="trueClassId">1–20.</param>
    /// <param name="decidedClassId">1–20.</param>
    /// <returns>The count.</returns>
    public int Confusion(int trueClassId, int decidedClassId) => _confusion[trueClassId - 1, decidedClassId - 1];

    /// <summary>Adds one clip.</summary>
    /// <param name="label">The clip's label.</param>
    /// <param name="decidedClassId">Decided class 1–20.</param>
    /// <param name="decidedPercussive">Decided track type.</param>
    /// <exception cref="ArgumentOutOfRangeException">A class id is not 1–20.</exception>
    public void Add(ClipLabel label, int decidedClassId, bool decidedPercussive)
    {
        ArgumentNullException.ThrowIfNull(label);
        bool decidedDrum = InstrumentClasses.IsDrum(decidedClassId);
        _confusion[label.ClassId - 1, decidedClassId - 1]++;
        Clips++;
        if (decidedPercussive == label.Percussive)
        {
            _typeCorrect++;
        }

        if (InstrumentClasses.IsDrum(label.ClassId))
        {
            _drumClips++;
            _drumHits += decidedDrum ? 1 : 0;
        }
    }

    /// <summary>
    /// The report as the JSON object: <c>{"clips", "accuracy", "trackTypeAccuracy", "drumRecall",
    /// "perClass": {"1": {"n", "accuracy"}, …}, "confusion": [[…]]}</c>; perClass lists the classes present.
    /// </summary>
    /// <returns>The JSON object.</returns>
    public JsonObject ToJson()
    {
        var perClass = new JsonObject();
        var confusion = new JsonArray();
        for (int c = 0; c < InstrumentClasses.Count; c++)
        {
            int n = 0;
            var row = new JsonArray();
            for (int d = 0; d < InstrumentClasses.Count; d++)
            {
                n += _confusion[c, d];
                row.Add((JsonNode)JsonValue.Create(_confusion[c, d]));
            }

            confusion.Add((JsonNode)row);
            if (n > 0)
            {
                perClass[(c + 1).ToString(CultureInfo.InvariantCulture)] = new JsonObject
                {
                    ["n"] = n,
                    ["accuracy"] = Math.Round(_confusion[c, c] / (double)n, 4),
                };
            }
        }

        return new JsonObject
        {
            ["clips"] = Clips,
            ["accuracy"] = Math.Round(Accuracy, 4),
            ["trackTypeAccuracy"] = Math.Round(TrackTypeAccuracy, 4),
            ["drumRecall"] = Math.Round(DrumRecall, 4),
            ["perClass"] = perClass,
            ["confusion"] = confusion,
        };
    }

    private int Diagonal()
    {
        int sum = 0;
        for (int c = 0; c < InstrumentClasses.Count; c++)
        {
            sum += _confusion[c, c];
        }

        return sum;
    }
}
