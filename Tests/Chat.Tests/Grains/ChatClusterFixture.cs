using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Grains;
using OrleansChat.Runtime;
using OrleansChat.Runtime.Hosting;
using OrleansChat.Runtime.Testing;

namespace OrleansChat.Chat.Tests.Grains;

/// <summary>Starts test clusters hosting the chat grains, with memory or SQLite storage.</summary>
internal static class ChatCluster
{
    public static Task<TestCluster> StartAsync(Action<RoomOptions>? configureRooms = null, string? sqliteFile = null) =>
        TestCluster.StartAsync(new TestClusterOptions
        {
            ConfigureServices = services =>
            {
                services.AddGrains(typeof(RoomGrain).Assembly);
                services.AddChatGrainOptions(configureRooms);
                if (sqliteFile is null)
                {
                    services.AddMemoryGrainStorage(ChatStreams.StorageName);
                }
                else
                {
                    services.AddSqliteGrainStorage(ChatStreams.StorageName, o => o.DataSource = sqliteFile);
                }

                services.AddMemoryStreams(ChatStreams.ProviderName);
            },
        });

    /// <summary>
    /// Starts a cluster whose grain storage is memory behind a <see cref="RecordingGrainStorage"/>
    /// (see <see cref="RecordingStorage"/>).
    /// </summary>
    public static Task<TestCluster> StartRecordingAsync(Action<RoomOptions>? configureRooms = null) =>
        TestCluster.StartAsync(new TestClusterOptions
        {
            ConfigureServices = services =>
            {
                services.AddGrains(typeof(RoomGrain).Assembly);
                services.AddChatGrainOptions(configureRooms);
                services.AddMemoryGrainStorage(RecordingGrainStorage.InnerName);
                services.AddKeyedSingleton<IGrainStorage>(
                    ChatStreams.StorageName,
                    (sp, _) => new RecordingGrainStorage(sp.GetRequiredKeyedService<IGrainStorage>(RecordingGrainStorage.InnerName)));
                services.AddMemoryStreams(ChatStreams.ProviderName);
            },
        });

    /// <summary>The recording storage of a cluster started with <see cref="StartRecordingAsync"/>.</summary>
    public static RecordingGrainStorage RecordingStorage(this TestCluster cluster) =>
        (RecordingGrainStorage)cluster.Primary.Services.GetRequiredKeyedService<IGrainStorage>(ChatStreams.StorageName);

    /// <summary>The identity under which a room's states are stored.</summary>
    public static GrainId RoomGrainId(string roomId) => new("room", roomId);

    public static IRoomGrain Room(this TestCluster cluster, string roomId) => cluster.GrainFactory.GetGrain<IRoomGrain>(roomId);

    public static IUserGrain User(this TestCluster cluster, string userId) => cluster.GrainFactory.GetGrain<IUserGrain>(userId);

    /// <summary>A room id no other test uses.</summary>
    public static string NewRoomId(string hint) => hint + "-" + Guid.NewGuid().ToString("N")[..8];

    public static JoinRequest Join(string userId, string sessionId, long? resumeAfterSeq = null)
    {
        var request = new JoinRequest { UserId = userId, SessionId = sessionId, GatewayId = "test", DisplayName = userId };
        if (resumeAfterSeq is { } seq)
        {
            request.ResumeAfterSeq = seq;
        }

        return request;
    }

    public static PostRequest Post(string userId, string text, string clientMessageId = "", string sessionId = "") =>
        new() { SenderId = userId, Text = text, ClientMessageId = clientMessageId, SessionId = sessionId };
}

/// <summary>One cluster shared by the grain tests that only touch their own rooms.</summary>
public sealed class SharedClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync() => Cluster = await ChatCluster.StartAsync();

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedClusterCollection : ICollectionFixture<SharedClusterFixture>
{
    public const string Name = "Chat grains on a shared cluster";
}
