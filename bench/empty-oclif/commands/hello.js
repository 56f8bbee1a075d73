import {Command} from '@oclif/core'

export default class Hello extends Command {
  static summary = 'The framework floor: one command that prints a word.'
  async run() {
    this.log('hello')
  }
}
