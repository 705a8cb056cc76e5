defmodule HelloRelease.Greeter do
  @moduledoc "Keeps the greeting in a supervised process."
  use GenServer

  def start_link(greeting) do
    GenServer.start_link(__MODULE__, greeting, name: __MODULE__)
  end

  def greeting, do: GenServer.call(__MODULE__, :greeting)

  @impl true
  def init(greeting), do: {:ok, greeting}

  @impl true
  def handle_call(:greeting, _from, greeting), do: {:reply, greeting, greeting}
end
