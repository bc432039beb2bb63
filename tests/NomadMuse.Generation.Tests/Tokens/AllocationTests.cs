using NomadMuse.Generation.Midi;
using NomadMuse.Generation.Tokens;

namespace NomadMuse.Generation.Tests.Tokens;

public sealed class AllocationTests
{
    private static long Run(TempoMap map)
    {
        long sum = 0;
        for (int id = 0; id < MuseVocabulary.Size; id++)
        {
            sum += (int)MuseVocabulary.KindOf(id);
        }

        for (int i = 0; i < 128; i++)
        {
            sum += MuseVocabulary.NoteOn(i) + MuseVocabulary.VelocityBin(i);
        }

        for (int b = 0; b < 32; b++)
        {
            sum += MuseVocabulary.Duration(b) + DurationBins.BinOf(DurationBins.BeatsOf(b));
        }

        for (int s = 1; s <= 64; s++)
        {
            sum += MuseVocabulary.TimeShiftSteps(MuseVocabulary.TimeShift(s));
        }

        for (long t = 0; t < 10_000; t += 97)
        {
            sum += map.SecondsToTicks(map.TicksToSeconds(t)) + map.MicrosecondsPerQuarterNoteAt(t);
        }

        return sum;
    }

    [Fact]
    public void VocabularyAndTempoMap_AfterWarmUp_AllocateNothing()
    {
        var map = new TempoMap(480, [new TempoChange(0, 500_000), new TempoChange(960, 300_000), new TempoChange(4000, 700_000)]);
        long expected = Run(map);

        long actual = 0;
        long allocated = AllocationProbe.MinAllocatedBytes(() => actual = Run(map), calls: 1, warmUpCalls: 0);

        Assert.Equal(expected, actual);
        Assert.Equal(0, allocated);
    }
}
