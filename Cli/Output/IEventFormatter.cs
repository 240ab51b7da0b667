namespace OrleansChat.Cli.Output;

/// <summary>Turns an event into the lines to print (none for events this format does not show).</summary>
internal interface IEventFormatter
{
    void Format(OutputEvent outputEvent, List<OutputLine> lines);
}
