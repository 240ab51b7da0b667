using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Grpc.Health;
using OrleansChat.Grpc.Health.V1;
using OrleansChat.Grpc.Server;
using OrleansChat.Grpc.Tests.Infrastructure;
using ServingStatus = OrleansChat.Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace OrleansChat.Grpc.Tests.Server;

public sealed class HealthServiceTests : IAsyncLifetime
{
    private TestGrpcServer _server = null!;
    private RawGrpcClient _client = null!;

    private HealthServiceImpl Health => _server.Host.Services.GetRequiredService<HealthServiceImpl>();

    public async Task InitializeAsync()
    {
        _server = await TestGrpcServer.StartAsync(services => services.AddGrpcHealthChecks());
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Check_WholeServer_ServingByDefault()
    {
        var (status, response) = await CheckAsync(string.Empty);

        Assert.Equal(StatusCode.OK, status);
        Assert.Equal(ServingStatus.Serving, response!.Status);
    }

    [Fact]
    public async Task Check_UnknownService_NotFound()
    {
        var (status, _) = await CheckAsync("no.Such");

        Assert.Equal(StatusCode.NotFound, status);
    }

    [Fact]
    public async Task Check_AfterSetStatus_ReturnsItUntilCleared()
    {
        Health.SetStatus("chat.v1.Chat", ServingStatus.NotServing);
        Assert.Equal(ServingStatus.NotServing, (await CheckAsync("chat.v1.Chat")).Response!.Status);

        Health.ClearStatus("chat.v1.Chat");
        Assert.Equal(StatusCode.NotFound, (await CheckAsync("chat.v1.Chat")).Status);
    }

    [Fact]
    public async Task Watch_UnknownThenChanges_StreamsEachStatusUntilClientCancels()
    {
        var call = _client.StartStreaming("/grpc.health.v1.Health/Watch");
        await call.SendAsync(new HealthCheckRequest { Service = "chat.v1.Rooms" }.ToByteArray());
        await call.CompleteRequestAsync();

        Assert.Equal(ServingStatus.ServiceUnknown, await ReadStatusAsync(call));

        Health.SetStatus("chat.v1.Rooms", ServingStatus.Serving);
        Assert.Equal(ServingStatus.Serving, await ReadStatusAsync(call));

        Health.SetStatus("chat.v1.Rooms", ServingStatus.Serving);
        Health.SetStatus("chat.v1.Rooms", ServingStatus.NotServing);
        Assert.Equal(ServingStatus.NotServing, await ReadStatusAsync(call));

        await call.DisposeAsync();

        // The server goes on serving after the watch was cancelled.
        Assert.Equal(ServingStatus.NotServing, (await CheckAsync("chat.v1.Rooms")).Response!.Status);
    }

    [Fact]
    public async Task Watch_KnownService_CurrentStatusFirst()
    {
        await using var call = _client.StartStreaming("/grpc.health.v1.Health/Watch");
        await call.SendAsync(new HealthCheckRequest().ToByteArray());
        await call.CompleteRequestAsync();

        Assert.Equal(ServingStatus.Serving, await ReadStatusAsync(call));
    }

    private async Task<(StatusCode Status, HealthCheckResponse? Response)> CheckAsync(string service)
    {
        var response = await _client.CallAsync("/grpc.health.v1.Health/Check", GrpcWire.Frame(new HealthCheckRequest { Service = service }.ToByteArray()));
        var message = response.Messages.Count == 1 ? HealthCheckResponse.Parser.ParseFrom(response.Messages[0].Payload) : null;
        return (response.Status!.Value, message);
    }

    private static async Task<ServingStatus> ReadStatusAsync(RawGrpcClient.StreamingCall call)
    {
        var payload = await call.ReadMessageAsync().WaitAsync(TestTimeouts.Default);
        Assert.NotNull(payload);
        return HealthCheckResponse.Parser.ParseFrom(payload).Status;
    }
}
