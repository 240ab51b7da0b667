using OrleansChat.Grains.Validation;

namespace OrleansChat.Gateway.Services;

/// <summary>What is wrong with a message a client sends (text and client message id), the same for Connect, Send and SendBatch.</summary>
internal readonly record struct MessageCheck(string Field, string Problem)
{
    /// <summary>The message's first problem, or null when it may be posted.</summary>
    public static MessageCheck? Of(string text, string clientMessageId, int maxMessageBytes)
    {
        if (ChatValidation.CheckText(text, maxMessageBytes) is { } textProblem)
        {
            return new MessageCheck("text", textProblem);
        }

        return ChatValidation.CheckClientMessageId(clientMessageId) is { } idProblem
            ? new MessageCheck("client_message_id", idProblem)
            : null;
    }

    /// <summary>"field problem", the message of the INVALID_ARGUMENT status or Error frame.</summary>
    public override string ToString() => Field + " " + Problem;
}
