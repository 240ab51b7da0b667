namespace OrleansChat.Runtime.Messaging;

/// <summary>The shape of a grain method's return type.</summary>
internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
