namespace NomadMuse.Analysis.Background;

/// <summary>A report a <see cref="MixAnalysisLoop"/> has just published.</summary>
public sealed class MixReportEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    /// <param name="report">The report.</param>
    /// <param name="secondsAnalysed">Seconds of audio analysed since the start or the last reset.</param>
    public MixReportEventArgs(MixReport report, double secondsAnalysed)
    {
        ArgumentNullException.ThrowIfNull(report);
        Report = report;
        SecondsAnalysed = secondsAnalysed;
    }

    /// <summary>The report.</summary>
    public MixReport Report { get; }

    /// <summary>Seconds of audio analysed since the start or the last reset.</summary>
    public double SecondsAnalysed { get; }
}
