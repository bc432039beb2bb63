using System.CommandLine;

namespace NomadMuse.Studio;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("NomadMuse Studio: a console host for the NomadMuse SDK.");
        return root.Parse(args).Invoke();
    }
}
