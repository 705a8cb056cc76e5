defmodule HelloRelease.Application do
  @moduledoc false
  use Application

  @impl true
  def start(_type, _args) do
    children = [
      {HelloRelease.Greeter, Application.fetch_env!(:hello_release, :greeting)}
    ]

    Supervisor.start_link(children, strategy: :one_for_one, name: HelloRelease.Supervisor)
  end
end
