namespace OrleansChat.Runtime.Configuration;

/// <summary>Options of activation mailboxes.</summary>
public sealed class SchedulingOptions
{
    /// <summary>
    /// The most work items (calls, timer ticks, stream items) queued for one activation; a call that finds
    /// the mailbox full fails with <c>GrainOverloadedException</c>. Default 10 000.
    /// </summary>
    public int MailboxCapacity { get; set; } = 10_000;
}
