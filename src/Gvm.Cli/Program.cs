using Gvm.Cli;

return await GvmApp.RunAsync(args);
