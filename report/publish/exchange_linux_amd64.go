package publish

const sysRenameat2 = 316
