using OrleansChat.Bench.Load.Client;

namespace OrleansChat.Bench.Load.Driving;

/// <summary>
/// Who sends the next message: every client takes its turn (round robin), so the per-user rate stays far below
/// the server's per-user limit. A message's recipients are the other clients of its room whose streams are still
/// open when it is sent, so a client the server cut off stops being waited for.
/// </summary>
internal sealed class SenderRotation(IReadOnlyList<SenderRotation.Sender> senders)
{
    private long _next = -1;

    public int Count => senders.Count;

    /// <summary>The recipients of a message on average over the rotation (every sender takes the same share); at least 1.</summary>
    public double MeanRecipients => Math.Max(1, senders.Count == 0 ? 0 : senders.Average(s => s.Recipients));

    /// <summary>Every connected client (nulls are the ones that failed) sends to its room, to the others connected there.</summary>
    public static SenderRotation ForRooms(IEnumerable<ChatClient?> clients, Func<int, string> roomOf)
    {
        var rooms = clients.OfType<ChatClient>().GroupBy(c => roomOf(c.Index)).ToDictionary(g => g.Key, g => g.ToArray());
        return new SenderRotation([.. rooms.SelectMany(room => room.Value.Select(c => new Sender(c, room.Key, room.Value)))
            .OrderBy(s => s.Client.Index)]);
    }

    /// <summary>The next sender whose stream is still open; null when every stream has ended.</summary>
    public Sender? Next()
    {
        for (var attempt = 0; attempt < senders.Count; attempt++)
        {
            var sender = senders[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)senders.Count)];
            if (!sender.Client.IsEnded)
            {
                return sender;
            }
        }

        return null;
    }

    /// <param name="Client">The sending client.</param>
    /// <param name="RoomId">Its room.</param>
    /// <param name="Room">Every client of the run in that room, the sender included.</param>
    internal sealed record Sender(ChatClient Client, string RoomId, IReadOnlyList<ChatClient> Room)
    {
        /// <summary>The other clients of the room whose streams are open now.</summary>
        public int Recipients
        {
            get
            {
                var open = 0;
                foreach (var member in Room)
                {
                    if (member != Client && !member.IsEnded)
                    {
                        open++;
                    }
                }

                return open;
            }
        }
    }
}
