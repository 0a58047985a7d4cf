import { Command } from './command.base';

export interface ICommandHandler<C extends Command, R = void> {
  execute(command: C): Promise<R>;
}
