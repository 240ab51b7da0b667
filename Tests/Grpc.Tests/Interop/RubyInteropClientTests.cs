namespace OrleansChat.Grpc.Tests.Interop;

/// <summary>
/// grpc's official Ruby interop client (grpc core underneath) against our interop server, one test per
/// case and transport, following grpc/grpc <c>doc/interop-test-descriptions.md</c>. A case passes when the
/// client exits 0 (it asserts everything the description lists) and the server logged no error meanwhile.
/// </summary>
public sealed class RubyInteropClientTests(InteropServersFixture servers) : IClassFixture<InteropServersFixture>
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("empty_unary", InteropTransport.Plaintext)]
    [InlineData("empty_unary", InteropTransport.Tls)]
    [InlineData("large_unary", InteropTransport.Plaintext)]
    [InlineData("large_unary", InteropTransport.Tls)]
    [InlineData("client_streaming", InteropTransport.Plaintext)]
    [InlineData("client_streaming", InteropTransport.Tls)]
    [InlineData("server_streaming", InteropTransport.Plaintext)]
    [InlineData("server_streaming", InteropTransport.Tls)]
    [InlineData("ping_pong", InteropTransport.Plaintext)]
    [InlineData("ping_pong", InteropTransport.Tls)]
    [InlineData("empty_stream", InteropTransport.Plaintext)]
    [InlineData("empty_stream", InteropTransport.Tls)]
    [InlineData("timeout_on_sleeping_server", InteropTransport.Plaintext)]
    [InlineData("timeout_on_sleeping_server", InteropTransport.Tls)]
    [InlineData("cancel_after_begin", InteropTransport.Plaintext)]
    [InlineData("cancel_after_begin", InteropTransport.Tls)]
    [InlineData("cancel_after_first_response", InteropTransport.Plaintext)]
    [InlineData("cancel_after_first_response", InteropTransport.Tls)]
    [InlineData("status_code_and_message", InteropTransport.Plaintext)]
    [InlineData("status_code_and_message", InteropTransport.Tls)]
    [InlineData("custom_metadata", InteropTransport.Plaintext)]
    [InlineData("custom_metadata", InteropTransport.Tls)]
    [InlineData("unimplemented_method", InteropTransport.Plaintext)]
    [InlineData("unimplemented_method", InteropTransport.Tls)]
    [InlineData("unimplemented_service", InteropTransport.Plaintext)]
    [InlineData("unimplemented_service", InteropTransport.Tls)]
    [InlineData("client_compressed_unary", InteropTransport.Plaintext)]
    [InlineData("client_compressed_unary", InteropTransport.Tls)]
    [InlineData("client_compressed_streaming", InteropTransport.Plaintext)]
    [InlineData("client_compressed_streaming", InteropTransport.Tls)]
    public async Task OfficialRubyClient_RunsInteropCase_Passes(string testCase, InteropTransport transport)
    {
        var client = RubyInteropClient.Require();
        var server = servers[transport];
        var serverLogStart = server.LogLength;

        var result = await client.RunAsync(testCase, server, CaseTimeout);

        var serverLog = server.LogSince(serverLogStart);
        Assert.True(
            result.Succeeded,
            $"Ruby interop client, case {testCase} over {transport}: {result.Describe()}--- interop server log during the case ---\n{serverLog}");
        Assert.False(
            ServerLog.HasErrors(serverLog),
            $"The interop server logged errors during {testCase} over {transport}:\n{serverLog}");
    }
}
