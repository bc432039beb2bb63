using System.Globalization;
using System.Text;

namespace NomadMuse.Classification.Data;

/// <summary>
/// Reads and writes <c>labels.csv</c>: a header naming at least <c>file,class_id,class_name,percussive</c> (any order,
/// extra columns ignored except an optional <c>source</c>), then one clip per line. Fields may be double-quoted
/// (RFC 4180: <c>""</c> inside quotes is a quote); <c>class_id</c> is 1–20, <c>percussive</c> is 0 or 1.
/// </summary>
public static class LabelsFile
{
    /// <summary>The file name used inside data folders.</summary>
    public const string FileName = "labels.csv";

    /// <summary>Reads a labels file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The rows in file order.</returns>
    /// <exception cref="LabelsFormatException">A column is missing or a value is invalid (message names line and column).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<ClipLabel> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader, path);
    }

    /// <summary>Reads labels from text.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="origin">Name used in error messages.</param>
    /// <returns>The rows in order.</returns>
    /// <exception cref="LabelsFormatException">A column is missing or a value is invalid.</exception>
    public static IReadOnlyList<ClipLabel> Read(TextReader reader, string origin = "labels.csv")
    {
        ArgumentNullException.ThrowIfNull(reader);
        string? header = reader.ReadLine() ?? throw new LabelsFormatException($"{origin}: the file is empty (a header line is required).");
        List<string> columns = SplitLine(header.TrimStart('\uFEFF'), origin, 1);
        int Find(string name, bool required)
        {
            int index = columns.FindIndex(c => string.Equals(c.Trim(), name, StringComparison.OrdinalIgnoreCase));
            if (index < 0 && required)
            {
                throw new LabelsFormatException($"{origin} line 1: the header has no '{name}' column (required: file,class_id,class_name,percussive).");
            }

            return index;
        }

        int file = Find("file", true), classId = Find("class_id", true), className = Find("class_name", true);
        int percussive = Find("percussive", true), source = Find("source", false);
        int needed = Math.Max(Math.Max(file, classId), Math.Max(className, percussive)) + 1;
        var rows = new List<ClipLabel>();
        int lineNumber = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            List<string> fields = SplitLine(line, origin, lineNumber);
            if (fields.Count < needed)
            {
                throw new LabelsFormatException($"{origin} line {lineNumber}: {fields.Count} fields, the header needs at least {needed}.");
            }

            string name = fields[file].Trim();
            if (name.Length == 0)
            {
                throw new LabelsFormatException($"{origin} line {lineNumber}, column 'file': empty file name.");
            }

            if (!int.TryParse(fields[classId].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int id) || id is < 1 or > InstrumentClasses.Count)
            {
                throw new LabelsFormatException($"{origin} line {lineNumber}, column 'class_id': '{fields[classId]}' is not a class id 1–20.");
            }

            bool isPercussive = fields[percussive].Trim() switch
            {
                "0" => false,
                "1" => true,
                _ => throw new LabelsFormatException($"{origin} line {lineNumber}, column 'percussive': '{fields[percussive]}' is not 0 or 1."),
            };
            rows.Add(new ClipLabel(name.Replace('\\', '/'), id, fields[className].Trim(), isPercussive, source >= 0 && source < fields.Count ? fields[source].Trim() : ""));
        }

        return rows;
    }

    /// <summary>Writes a labels file (temp file + move).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="labels">The rows.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(string path, IEnumerable<ClipLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(labels);
        string temp = path + ".tmp";
        using (var writer = new StreamWriter(temp, false, new UTF8Encoding(false)))
        {
            writer.WriteLine("file,class_id,class_name,percussive,source");
            foreach (ClipLabel label in labels)
            {
                writer.WriteLine(string.Join(',', Quote(label.File), label.ClassId.ToString(CultureInfo.InvariantCulture),
                    Quote(label.ClassName), label.Percussive ? "1" : "0", Quote(label.Source)));
            }
        }

        File.Move(temp, path, true);
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static List<string> SplitLine(string line, string origin, int lineNumber)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"' && current.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            throw new LabelsFormatException($"{origin} line {lineNumber}: unterminated quoted field.");
        }

        fields.Add(current.ToString());
        return fields;
    }
}
