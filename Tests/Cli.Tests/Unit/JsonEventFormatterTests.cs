using System.Text.Json;
using OrleansChat.Cli.Output;
using OrleansChat.Cli.Tests.Fakes;
using OrleansChat.Protocol.V1;

namespace OrleansChat.Cli.Tests.Unit;

public sealed class JsonEventFormatterTests
{
    [Fact]
    public void Message_HasTypeRoomSeqFromTextTime()
    {
        var json = Single(new ChatEventReceived(Frames.Text("general", 5, "bob", "hi")));

        Assert.Equal("message", json.GetProperty("type").GetString());
        Assert.Equal("general", json.GetProperty("room").GetString());
        Assert.Equal(5, json.GetProperty("seq").GetInt64());
        Assert.Equal("bob", json.GetProperty("from").GetString());
        Assert.Equal("hi", json.GetProperty("text").GetString());
        Assert.Equal("2023-11-14T22:13:25.000Z", json.GetProperty("time").GetString());
    }

    [Fact]
    public void Ack_HasSeqAndClientMessageId()
    {
        var ack = Frames.Ack(1, "general", "c1", 7, duplicate: true).Ack;

        var json = Single(new MessageAckedEvent("alice", "Alice", string.Empty, "hello", ack));

        Assert.Equal("ack", json.GetProperty("type").GetString());
        Assert.Equal(7, json.GetProperty("seq").GetInt64());
        Assert.Equal("c1", json.GetProperty("client_message_id").GetString());
        Assert.True(json.GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public void Joined_IsOneObject_ThenOneObjectPerHistoryEvent()
    {
        var joined = Frames.Joined(1, "general", 2, false, Frames.Text("general", 1, "bob", "a"), Frames.Text("general", 2, "bob", "b")).Joined;
        var lines = new List<OutputLine>();

        new JsonEventFormatter().Format(new RoomJoinedEvent(joined, joined.History, IsResume: false), lines);

        var objects = lines.Select(l => JsonDocument.Parse(l.Text).RootElement).ToList();
        Assert.Equal(["joined", "message", "message"], objects.Select(o => o.GetProperty("type").GetString()));
        Assert.Equal(2, objects[0].GetProperty("last_seq").GetInt64());
        Assert.True(objects[1].GetProperty("history").GetBoolean());
    }

    [Fact]
    public void ResumeNotRecovered_AddsAGapObject()
    {
        var joined = Frames.Joined(1, "general", 90, recovered: false).Joined;
        var lines = new List<OutputLine>();

        new JsonEventFormatter().Format(new RoomJoinedEvent(joined, [], IsResume: true), lines);

        Assert.Equal("gap", JsonDocument.Parse(lines[1].Text).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void Error_HasCodeAndStatusName()
    {
        var json = Single(new ServerErrorEvent(new Error { Code = 5, Message = "no such room", RoomId = "x" }, null));

        Assert.Equal("error", json.GetProperty("type").GetString());
        Assert.Equal(5, json.GetProperty("code").GetInt32());
        Assert.Equal("NOT_FOUND", json.GetProperty("status").GetString());
    }

    [Fact]
    public void EscapeCharactersInText_AreEscapedInJson()
    {
        var lines = new List<OutputLine>();
        new JsonEventFormatter().Format(new ChatEventReceived(Frames.Text("general", 1, "bob", "\u001b[31mred")), lines);

        Assert.DoesNotContain('\u001b', lines[0].Text);
        Assert.Contains("\\u001B[31mred", lines[0].Text, StringComparison.OrdinalIgnoreCase);
    }

    private static JsonElement Single(OutputEvent outputEvent)
    {
        var lines = new List<OutputLine>();
        new JsonEventFormatter().Format(outputEvent, lines);
        return JsonDocument.Parse(Assert.Single(lines).Text).RootElement;
    }
}
