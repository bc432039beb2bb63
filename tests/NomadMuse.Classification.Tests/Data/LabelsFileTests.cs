using NomadMuse.Classification.Data;

namespace NomadMuse.Classification.Tests.Data;

public sealed class LabelsFileTests
{
    [Fact]
    public void Read_ColumnsInAnyOrderWithQuotesAndExtras_ParsesRows()
    {
        const string csv = "percussive,extra,file,class_name,class_id\n1,x,clips/kick.wav,Kick Drum,1\n0,y,\"clips/a, \"\"b\"\".wav\",Strings,12\n\n";
        IReadOnlyList<ClipLabel> rows = LabelsFile.Read(new StringReader(csv));
        Assert.Equal(2, rows.Count);
        Assert.Equal(new ClipLabel("clips/kick.wav", 1, "Kick Drum", true), rows[0]);
        Assert.Equal("clips/a, \"b\".wav", rows[1].File);
        Assert.Equal(12, rows[1].ClassId);
        Assert.False(rows[1].Percussive);
    }

    [Fact]
    public void Read_MissingColumn_NamesIt()
    {
        var e = Assert.Throws<LabelsFormatException>(() => LabelsFile.Read(new StringReader("file,class_id,class_name\na.wav,1,Kick\n"), "x.csv"));
        Assert.Contains("'percussive'", e.Message, StringComparison.Ordinal);
        Assert.Contains("x.csv line 1", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.wav,0,Kick,1", "line 2, column 'class_id'")]
    [InlineData("a.wav,21,Kick,1", "line 2, column 'class_id'")]
    [InlineData("a.wav,one,Kick,1", "line 2, column 'class_id'")]
    [InlineData("a.wav,1,Kick,yes", "line 2, column 'percussive'")]
    [InlineData(",1,Kick,1", "line 2, column 'file'")]
    [InlineData("a.wav,1", "line 2: 2 fields")]
    [InlineData("\"a.wav,1,Kick,1", "line 2: unterminated")]
    public void Read_BadRow_ThrowsNamingLineAndColumn(string row, string expected)
    {
        var e = Assert.Throws<LabelsFormatException>(() => LabelsFile.Read(new StringReader("file,class_id,class_name,percussive\n" + row + "\n")));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Empty_Throws()
    {
        Assert.Throws<LabelsFormatException>(() => LabelsFile.Read(new StringReader("")));
    }

    [Fact]
    public void WriteThenRead_RoundTrips()
    {
        string path = Path.Combine(Path.GetTempPath(), $"labels-{Guid.NewGuid():N}.csv");
        ClipLabel[] rows = [new("clips/x.wav", 3, "Hi-Hat/Cymbals", true, "kit \"A\", room"), new("y.wav", 10, "Piano/Keys", false, "")];
        try
        {
            LabelsFile.Write(path, rows);
            Assert.Equal(rows, LabelsFile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
