using NomadMuse.Classification.Features;

namespace NomadMuse.Classification.Tests.Features;

public sealed class FeatureSettingsTests
{
    [Fact]
    public void Default_RealTimeFrontEnd_HasSeedValues()
    {
        var s = FeatureSettings.Default;
        Assert.Equal((22050, 1024, 1024, 441, 128), (s.SampleRate, s.FftSize, s.WindowLength, s.HopLength, s.MelBins));
        Assert.Equal(11025.0, s.ResolvedMaxFrequency);
        s.Validate();
    }

    [Fact]
    public void LibrosaDefaults_MatchLibrosaSignature()
    {
        var s = FeatureSettings.LibrosaDefaults;
        Assert.Equal((2048, 2048, 512, true, 20), (s.FftSize, s.WindowLength, s.HopLength, s.Center, s.MfccCount));
        Assert.Equal((MelScale.Slaney, MelNormalization.Slaney, 1e-10, 1.0, (double?)80.0), (s.Scale, s.Normalization, s.AmplitudeFloor, s.ReferencePower, s.TopDb));
    }

    public static TheoryData<FeatureSettings, string> BadSettings() => new()
    {
        { FeatureSettings.Default with { FftSize = 1000 }, nameof(FeatureSettings.FftSize) },
        { FeatureSettings.Default with { WindowLength = 2048 }, nameof(FeatureSettings.WindowLength) },
        { FeatureSettings.Default with { HopLength = 0 }, nameof(FeatureSettings.HopLength) },
        { FeatureSettings.Default with { MaxFrequency = 20000 }, nameof(FeatureSettings.MaxFrequency) },
        { FeatureSettings.Default with { MinFrequency = 12000 }, nameof(FeatureSettings.MinFrequency) },
        { FeatureSettings.Default with { Power = 3 }, nameof(FeatureSettings.Power) },
        { FeatureSettings.Default with { MfccCount = 129 }, nameof(FeatureSettings.MfccCount) },
        { FeatureSettings.Default with { AmplitudeFloor = 0 }, nameof(FeatureSettings.AmplitudeFloor) },
        { FeatureSettings.Default with { TopDb = -1 }, nameof(FeatureSettings.TopDb) },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_OutOfRange_ThrowsNamingTheSetting(FeatureSettings settings, string name)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(settings.Validate);
        Assert.Equal(name, ex.ParamName);
    }

    [Theory]
    [InlineData(true, 4096, 9)]
    [InlineData(true, 0, 1)]
    [InlineData(false, 4096, 5)]
    [InlineData(false, 2047, 0)]
    public void GetFrameCount_CenteredOrNot_FollowsLibrosa(bool center, int length, int frames)
    {
        var mel = new MelSpectrogram(FeatureSettings.LibrosaDefaults with { Center = center });
        Assert.Equal(frames, mel.GetFrameCount(length));
    }
}
