namespace OrleansChat.Cli.Session;

/// <summary>The session cannot start or go on; the message is the one line to show.</summary>
internal sealed class SessionException(string message, Exception? innerException = null) : Exception(message, innerException);
