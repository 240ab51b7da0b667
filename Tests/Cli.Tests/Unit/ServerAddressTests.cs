using OrleansChat.Cli.Connection;

namespace OrleansChat.Cli.Tests.Unit;

public sealed class ServerAddressTests
{
    [Theory]
    [InlineData("localhost:50051", false, "http://localhost:50051/", "localhost:50051")]
    [InlineData("localhost", false, "http://localhost:50051/", "localhost:50051")]
    [InlineData("127.0.0.1:6000", true, "https://127.0.0.1:6000/", "127.0.0.1:6000")]
    [InlineData("https://chat.example.org:443", false, "https://chat.example.org/", "chat.example.org:443")]
    [InlineData("http://localhost:5000/", false, "http://localhost:5000/", "localhost:5000")]
    [InlineData("[::1]:7000", false, "http://[::1]:7000/", "[::1]:7000")]
    public void Valid_AddressesBecomeUris(string text, bool tls, string uri, string display)
    {
        Assert.True(ServerAddress.TryParse(text, tls, out var address, out var error), error);
        Assert.Equal(uri, address.Uri.ToString());
        Assert.Equal(display, address.Display);
    }

    [Theory]
    [InlineData("localhost:0", "the port must be a number from 1 to 65535")]
    [InlineData("localhost:99999", "the port must be a number from 1 to 65535")]
    [InlineData("localhost:abc", "the port must be a number from 1 to 65535")]
    [InlineData("ftp://localhost:1", "the scheme must be http or https")]
    [InlineData("localhost:50051/chat", "expected host:port without a path")]
    [InlineData("", "expected host:port, e.g. localhost:50051")]
    public void Invalid_AddressesSayWhy(string text, string reason)
    {
        Assert.False(ServerAddress.TryParse(text, false, out _, out var error));
        Assert.EndsWith(reason, error, StringComparison.Ordinal);
    }
}
