package publish

const sysRenameat2 = 276
